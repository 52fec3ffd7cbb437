import io

import pytest
from PIL import Image

from conftest import jpeg_bytes
from kendali.lib.images import ImageRejected, clean_image

MB = 1024 * 1024


def gps_exif() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"  # Make
    exif[0x0110] = "SecretPhone 9"  # Model
    gps = {1: "S", 2: (6.0, 54.0, 30.0), 3: "E", 4: (107.0, 36.0, 10.0)}
    exif[0x8825] = gps  # GPSInfo
    return exif.tobytes()


def clean(data: bytes, **kwargs):
    return clean_image(
        io.BytesIO(data), size=len(data), max_bytes=kwargs.pop("max_bytes", 10 * MB), **kwargs
    )


def test_it_re_encodes_and_strips_gps_and_camera_metadata():
    original = jpeg_bytes((120, 80), exif=gps_exif())
    assert b"SecretPhone" in original
    result = clean(original)
    assert b"SecretPhone" not in result.content
    with Image.open(io.BytesIO(result.content)) as image:
        assert image.format == "JPEG"
        assert not image.getexif()
        assert image.size == (120, 80)


def test_it_accepts_png_with_transparency_and_webp():
    png = io.BytesIO()
    Image.new("RGBA", (30, 30), (0, 0, 0, 0)).save(png, format="PNG")
    assert clean(png.getvalue()).content_type == "image/jpeg"
    webp = io.BytesIO()
    Image.new("RGB", (30, 30)).save(webp, format="WEBP")
    assert clean(webp.getvalue()).width == 30


def test_big_photos_are_scaled_down():
    result = clean(jpeg_bytes((4000, 3000)))
    assert max(result.width, result.height) == 2048


def test_it_refuses_a_file_that_is_not_a_photo():
    with pytest.raises(ImageRejected, match="tidak bisa dibaca"):
        clean(b"%PDF-1.7 not an image at all")


def test_it_refuses_an_image_format_we_do_not_take():
    gif = io.BytesIO()
    Image.new("RGB", (10, 10)).save(gif, format="GIF")
    with pytest.raises(ImageRejected, match="bukan foto"):
        clean(gif.getvalue())


def test_it_refuses_a_file_over_the_size_limit_without_decoding_it():
    with pytest.raises(ImageRejected, match="terlalu besar"):
        clean_image(io.BytesIO(b"x"), size=50 * MB, max_bytes=10 * MB)


def test_it_refuses_a_decompression_bomb():
    # A tiny PNG that claims 20000 × 20000 pixels.
    bomb = io.BytesIO()
    Image.new("1", (20000, 20000)).save(bomb, format="PNG")
    with pytest.raises(ImageRejected, match="piksel"):
        clean(bomb.getvalue())


def test_it_refuses_a_truncated_photo():
    data = jpeg_bytes((200, 200))
    with pytest.raises(ImageRejected):
        clean(data[: len(data) // 3])
