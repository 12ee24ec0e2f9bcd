"""Photos and pictures are stored re-encoded: upright, without where they were taken, by whom or
with what, and without anything that followed the picture in the file."""

import io
import struct

import pytest
from PIL import Image

from core.uploads import clean_upload

from . import upload_samples as samples
from .upload_samples import pictures

MAX_BYTES = 10 * 1024 * 1024


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The suite's own clears the cache in the database; these tests use neither."""


def cleaned(data: bytes, name: str = "photo.jpg"):
    return clean_upload(samples.uploaded(data, name), max_bytes=MAX_BYTES)


def opened(content: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(content))
    image.load()
    return image


def is_red(pixel) -> bool:
    return pixel[0] > 200 and pixel[1] < 60 and pixel[2] < 60


def is_blue(pixel) -> bool:
    return pixel[0] < 60 and pixel[1] < 60 and pixel[2] > 200


def png_chunks(data: bytes) -> list[bytes]:
    chunks, at = [], 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        chunks.append(data[at + 4 : at + 8])
        at += 12 + length
    return chunks


@pytest.mark.parametrize("build", [pictures.jpeg, pictures.heic], ids=["JPEG", "HEIC"])
def test_a_phone_photo_is_stored_as_jpeg_without_exif_gps_or_xmp(build):
    clean = cleaned(build(), "IMG_0042.HEIC")
    assert (clean.kind, clean.extension, clean.content_type, clean.pages) == ("jpeg", ".jpg", "image/jpeg", None)
    image = opened(clean.content)
    assert image.format == "JPEG"
    assert len(image.getexif()) == 0
    assert set(image.info) <= {"jfif", "jfif_version", "jfif_unit", "jfif_density"}
    for trace in (b"Exif", b"GPS", b"xmpmeta", b"Phone 12", samples.AUTHOR.encode()):
        assert trace not in clean.content


@pytest.mark.parametrize("build", [pictures.jpeg, pictures.heic], ids=["JPEG", "HEIC"])
def test_a_photo_taken_sideways_is_stored_upright(build):
    """Held at 90°: the camera stored it 60 wide and 40 high with the red corner top left, and
    said in its EXIF (orientation 6) to turn it a quarter clockwise to show it."""
    image = opened(cleaned(build()).content)
    assert image.size == (40, 60)
    assert is_red(image.getpixel((39, 0)))
    assert is_blue(image.getpixel((0, 0)))
    assert is_blue(image.getpixel((39, 59)))


def test_a_48_megapixel_phone_photo_is_accepted():
    buffer = io.BytesIO()
    Image.new("L", (8064, 6048), 128).save(buffer, "JPEG")
    assert opened(cleaned(buffer.getvalue()).content).size == (8064, 6048)


def test_a_png_keeps_its_exact_pixels_and_loses_its_text_and_exif_chunks():
    clean = cleaned(pictures.png(), "scan.png")
    assert (clean.kind, clean.extension, clean.content_type) == ("png", ".png", "image/png")
    assert png_chunks(clean.content) == [b"IHDR", b"IDAT", b"IEND"]
    assert opened(clean.content).tobytes() == pictures.picture().tobytes()


def test_a_png_followed_by_a_web_page_is_stored_without_the_page():
    clean = cleaned(pictures.png() + samples.HTML, "chart.png")
    assert b"<html" not in clean.content
    assert b"<script" not in clean.content
    image = opened(clean.content)
    assert (image.format, image.size) == ("PNG", (60, 40))


def test_a_jpeg_followed_by_a_zip_is_stored_without_the_zip():
    clean = cleaned(pictures.jpeg() + samples.zipped({"notes.txt": samples.AUTHOR.encode()}))
    assert b"PK\x03\x04" not in clean.content
    assert clean.content.endswith(b"\xff\xd9")
    assert opened(clean.content).format == "JPEG"


def test_a_transparent_colour_of_a_palette_png_stays_transparent():
    image = opened(cleaned(pictures.palette_png(), "logo.png").content)
    assert image.mode == "RGBA"
    assert image.getpixel((0, 0)) == (255, 0, 0, 255)
    assert image.getpixel((30, 20)) == (0, 0, 255, 255)
    assert image.getpixel((50, 20))[3] == 0


def test_the_transparent_part_of_a_heic_photo_becomes_white_in_its_jpeg():
    image = opened(cleaned(pictures.transparent_heic()).content)
    assert image.mode == "RGB"
    assert min(image.getpixel((50, 20))) > 240
    assert is_blue(image.getpixel((30, 20)))


def test_a_colour_profile_that_cannot_be_read_is_dropped():
    image = opened(cleaned(pictures.jpeg_in_broken_profile()).content)
    assert "icc_profile" not in image.info
    assert is_red(image.getpixel((0, 0)))


def test_a_colour_profile_is_applied_to_the_pixels_rather_than_kept():
    image = opened(cleaned(pictures.jpeg_in_swapped_profile()).content)
    assert "icc_profile" not in image.info
    assert is_blue(image.getpixel((0, 0)))
    assert is_red(image.getpixel((59, 39)))
