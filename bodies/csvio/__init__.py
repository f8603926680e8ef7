"""The bodies CSV format: reading and checking it, importing, exporting and admin staging."""
