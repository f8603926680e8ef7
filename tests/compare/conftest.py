import pytest

from compare.comparison import forget_recognitions


@pytest.fixture(autouse=True)
def no_remembered_recognitions():
    """Recognitions are remembered per directory version, which test rollbacks reuse."""
    forget_recognitions()
    yield
    forget_recognitions()
