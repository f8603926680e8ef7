"""HTTP details the search's outputs share with the page cache."""


def accepts_gzip(header):
    """Whether an Accept-Encoding header accepts gzip (q=0 refuses it, as RFC 9110 says)."""
    qualities = {}
    for item in header.split(","):
        coding, *params = (part.strip() for part in item.split(";"))
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        qualities[coding.lower()] = quality
    return qualities.get("gzip", qualities.get("*", 0.0)) > 0
