"""When a photo was taken: the EXIF DateTimeOriginal of a JPEG (the camera's clock at the shutter), kept so
that a 督查 photo or an 整改后 picture shows when it was taken, not only when it was uploaded.

The EXIF block is found by walking the JPEG's markers within the first SCAN_BYTES (it sits right after the
start of the image, at most one 64 KB segment); Pillow reads the TIFF structure inside it. Whatever the
file holds — a truncated segment, offsets pointing nowhere, a date of "0000:00:00" — the answer is a time
or None, never an exception: a garbled EXIF is no reason to refuse the file.
"""

import datetime
import re
import warnings

from PIL import ExifTags, Image

SCAN_BYTES = 256 * 1024
EARLIEST = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
CLOCK_SLACK = datetime.timedelta(days=1)  # a camera clock a little ahead (or in another zone) still counts

_SOI, _SOS, _EOI, _APP1, _TEM = 0xD8, 0xDA, 0xD9, 0xE1, 0x01
_STAMP = re.compile(r"(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})")
_OFFSET = re.compile(r"([+-])(\d{2}):(\d{2})")


def exif_segment(data: bytes) -> bytes | None:
    """The payload of the JPEG's APP1 "Exif" segment, or None (not a JPEG, no EXIF before the image data,
    markers that make no sense)."""
    if not data.startswith(b"\xff\xd8"):
        return None
    pos, end = 2, min(len(data), SCAN_BYTES)
    while pos + 4 <= end:
        if data[pos] != 0xFF:
            return None
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte before a marker
            pos += 1
            continue
        if marker in (_SOS, _EOI, _SOI):
            return None
        if marker == _TEM or 0xD0 <= marker <= 0xD7:  # markers without a length
            pos += 2
            continue
        length = int.from_bytes(data[pos + 2 : pos + 4], "big")
        if length < 2:
            return None
        if marker == _APP1 and data[pos + 4 : pos + 10] == b"Exif\x00\x00":
            return data[pos + 4 : pos + 2 + length]
        pos += 2 + length
    return None


def _read_exif(segment: bytes):
    """(DateTimeOriginal, OffsetTimeOriginal) as Pillow reads them; any failure → (None, None)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Pillow warns of corrupt EXIF; corrupt EXIF is expected here
            exif = Image.Exif()
            exif.load(segment)
            ifd = exif.get_ifd(ExifTags.IFD.Exif)
            return ifd.get(ExifTags.Base.DateTimeOriginal), ifd.get(ExifTags.Base.OffsetTimeOriginal)
    except Exception:  # noqa: BLE001 — a crafted EXIF may trip any of Pillow's parsers
        return None, None


def _text(value) -> str | None:
    if isinstance(value, bytes):
        value = value.decode("ascii", "replace")
    if not isinstance(value, str):
        return None
    return value.strip("\x00 ")


def _zone(offset) -> datetime.tzinfo | None:
    match = _OFFSET.fullmatch(_text(offset) or "")
    if not match:
        return None
    sign, hours, minutes = match.groups()
    if int(hours) > 14 or int(minutes) > 59:
        return None
    delta = datetime.timedelta(hours=int(hours), minutes=int(minutes))
    return datetime.timezone(-delta if sign == "-" else delta)


def parse_stamp(value, offset, *, tz, now) -> datetime.datetime | None:
    """ "2026:11:05 09:30:12" (with OffsetTimeOriginal "+08:00", else read in `tz`) → an aware datetime;
    None when it is no date, or before 1970, or later than `now` (a camera whose clock is wrong)."""
    match = _STAMP.fullmatch(_text(value) or "")
    if not match:
        return None
    try:
        naive = datetime.datetime(*(int(part) for part in match.groups()))
    except ValueError:  # 0000:00:00, month 13, 25 o'clock
        return None
    zone = _zone(offset)
    try:
        taken = naive.replace(tzinfo=zone) if zone else naive.replace(tzinfo=tz)
        if not EARLIEST <= taken <= now + CLOCK_SLACK:
            return None
    except (OverflowError, ValueError):
        return None
    return taken


def photo_taken_at(data: bytes, *, tz, now) -> datetime.datetime | None:
    """When the JPEG whose first bytes are `data` was taken, from its EXIF; None when it does not say."""
    segment = exif_segment(data)
    if segment is None:
        return None
    value, offset = _read_exif(segment)
    return parse_stamp(value, offset, tz=tz, now=now)
