"""Photos and pictures, as phones and editors save them."""

import io
import struct
import zipfile

import pillow_heif
from PIL import ExifTags, Image, ImageCms, PngImagePlugin

from . import AUTHOR


def picture(size=(60, 40)) -> Image.Image:
    """Blue with a red top-left corner: where the corner ends up shows how the picture was turned."""
    image = Image.new("RGB", size, (0, 0, 255))
    image.paste((255, 0, 0), (0, 0, size[0] // 3, size[1] // 3))
    return image


def revealing_exif(orientation: int = 6) -> Image.Exif:
    """What a phone writes: who took it, with what, where, and which way up it was held."""
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Artist] = AUTHOR
    exif[ExifTags.Base.Model] = "Phone 12"
    exif.get_ifd(ExifTags.IFD.GPSInfo).update(
        {
            ExifTags.GPS.GPSLatitudeRef: "N",
            ExifTags.GPS.GPSLatitude: (33.0, 53.0, 12.5),
            ExifTags.GPS.GPSLongitudeRef: "E",
            ExifTags.GPS.GPSLongitude: (35.0, 30.0, 7.25),
        }
    )
    return exif


def xmp_packet() -> bytes:
    return (
        b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
        b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about=""'
        b' xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator><rdf:Seq><rdf:li>'
        + AUTHOR.encode()
        + b'</rdf:li></rdf:Seq></dc:creator></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
    )


def jpeg() -> bytes:
    """A phone's photo: EXIF, XMP and a comment naming its author, taken sideways."""
    buffer = io.BytesIO()
    picture().save(buffer, "JPEG", quality=95, exif=revealing_exif(), comment=AUTHOR.encode(), xmp=xmp_packet())
    return buffer.getvalue()


def scanned_jpeg() -> bytes:
    """A JPEG as a scanner app writes it into a PDF: progressive, with restart markers, a fill
    byte before a marker, a colour profile and the phone's EXIF."""
    buffer = io.BytesIO()
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    picture().save(
        buffer, "JPEG", exif=revealing_exif(), icc_profile=profile, progressive=True, restart_marker_blocks=2
    )
    return buffer.getvalue().replace(b"\xff\xdb", b"\xff\xff\xdb", 1)


def png(image: Image.Image | None = None, *, revealing: bool = True) -> bytes:
    buffer = io.BytesIO()
    extra = {}
    if revealing:
        chunks = PngImagePlugin.PngInfo()
        chunks.add_text("Author", AUTHOR)
        chunks.add_itxt("Description", AUTHOR)
        extra = {"pnginfo": chunks, "exif": revealing_exif(orientation=1)}
    (image or picture()).save(buffer, "PNG", **extra)
    return buffer.getvalue()


def heic() -> bytes:
    """The same photo as an iPhone saves it."""
    buffer = io.BytesIO()
    heif = pillow_heif.from_pillow(picture())
    heif.save(buffer, exif=revealing_exif().tobytes(), xmp=xmp_packet(), quality=90)
    return buffer.getvalue()


def palette_png() -> bytes:
    """A logo of three colours, white made transparent; PNG keeps which colour it is apart from
    the pixels."""
    image = Image.new("P", (60, 40), 1)
    image.putpalette([255, 255, 255, 0, 0, 255, 255, 0, 0])
    image.paste(2, (0, 0, 20, 13))
    image.paste(0, (40, 0, 60, 40))
    buffer = io.BytesIO()
    image.save(buffer, "PNG", transparency=0)
    return buffer.getvalue()


def transparent_heic() -> bytes:
    """A photo whose right third is transparent."""
    image = picture().convert("RGBA")
    image.paste((0, 0, 255, 0), (40, 0, 60, 40))
    buffer = io.BytesIO()
    pillow_heif.from_pillow(image).save(buffer, quality=90)
    return buffer.getvalue()


def jpeg_in_broken_profile() -> bytes:
    buffer = io.BytesIO()
    picture().save(buffer, "JPEG", icc_profile=b"not a colour profile")
    return buffer.getvalue()


def jpeg_in_swapped_profile() -> bytes:
    """A JPEG in a colour profile whose red is sRGB's blue and whose blue is sRGB's red: shown as
    its profile says, its red corner is blue."""
    profile = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    (count,) = struct.unpack(">I", profile[128:132])
    tags = {bytes(profile[at : at + 4]): at for at in range(132, 132 + 12 * count, 12)}
    red, blue = tags[b"rXYZ"] + 4, tags[b"bXYZ"] + 4
    profile[red : red + 8], profile[blue : blue + 8] = profile[blue : blue + 8], profile[red : red + 8]
    buffer = io.BytesIO()
    picture().save(buffer, "JPEG", icc_profile=bytes(profile))
    return buffer.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header claims a size its few bytes would expand to on opening."""
    data = bytearray(png(Image.new("L", (1, 1)), revealing=False))
    data[16:24] = width.to_bytes(4, "big") + height.to_bytes(4, "big")
    data[29:33] = zipfile.crc32(bytes(data[12:29])).to_bytes(4, "big")
    return bytes(data)
