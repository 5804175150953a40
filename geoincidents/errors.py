"""One base class for every error geoincidents raises on purpose.

Each subclass also inherits the builtin that fits, so callers can catch either
(``except GazetteerError`` or ``except ValueError``), as geopy does.
"""


class GeoIncidentsError(Exception):
    """Base of all geoincidents errors."""


class GazetteerError(GeoIncidentsError, ValueError):
    """A gazetteer file is missing, unreadable or not in the expected format."""


class DocumentError(GeoIncidentsError, ValueError):
    """A report cannot be read: empty, binary, undecodable or malformed."""


class InputFormatError(GeoIncidentsError, ValueError):
    """An input file (GeoJSON, CSV, JSONL) is malformed."""


class GeocoderError(GeoIncidentsError, RuntimeError):
    """The opt-in online geocoder failed (network, timeout, bad answer)."""


class ExportError(GeoIncidentsError, OSError):
    """An output file could not be written."""
