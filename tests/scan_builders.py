"""Scanned syllabi for the OCR tests, made in code: the pages of a generated PDF rendered to
pictures (pypdfium2), turned a little, dirtied with noise, and wrapped back into a PDF that holds
only images, the way a printed, signed and scanned syllabus comes back."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter


def render_pages(pdf: Path, dpi: int, pages: list[int] | None = None) -> list[Image.Image]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        numbers = pages or list(range(1, len(doc) + 1))
        out = []
        for n in numbers:
            page = doc[n - 1]
            out.append(page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L"))
            page.close()
        return out
    finally:
        doc.close()


def scan_image(img: Image.Image, *, angle: float = 0.0, noise: float = 0.0, blur: float = 0.0, seed: int = 0,
               contrast: float = 1.0) -> Image.Image:
    """A page picture as a scanner gives it: turned by ``angle`` degrees, blurred, with grey
    background noise of ``noise`` (standard deviation in grey levels) and a few specks."""
    if angle:
        img = img.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=255)
    if blur:
        img = img.filter(ImageFilter.GaussianBlur(blur))
    a = np.asarray(img, dtype=np.float32)
    if contrast != 1.0:
        a = 255 - (255 - a) * contrast
    rng = np.random.default_rng(seed)
    if noise:
        a = a + rng.normal(0, noise, a.shape)
        specks = rng.random(a.shape) < 0.0005
        a[specks] = 0
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), "L")


def image_pdf(images: list[Image.Image], dst: Path, dpi: int, quality: int = 85) -> Path:
    """Images -> a PDF of JPEG pages at ``dpi`` (so the pages keep the original's size)."""
    rgb = [im.convert("RGB") for im in images]
    rgb[0].save(dst, "PDF", save_all=True, append_images=rgb[1:], resolution=float(dpi), quality=quality)
    return dst


def scanned(pdf: Path, dst: Path, dpi: int = 150, *, angle: float = 0.7, noise: float = 8.0, blur: float = 0.0,
            pages: list[int] | None = None, seed: int = 1, contrast: float = 1.0, quality: int = 85) -> Path:
    """``pdf`` printed and scanned at ``dpi``: every page turned by ±``angle`` (alternating)."""
    imgs = render_pages(pdf, dpi, pages)
    out = [
        scan_image(im, angle=angle if i % 2 == 0 else -angle, noise=noise, blur=blur, seed=seed + i, contrast=contrast)
        for i, im in enumerate(imgs)
    ]
    return image_pdf(out, dst, dpi, quality)


def blank_scan(dst: Path, pages: int = 1, dpi: int = 150) -> Path:
    w, h = int(595.3 * dpi / 72), int(841.9 * dpi / 72)
    imgs = [scan_image(Image.new("L", (w, h), 255), noise=6.0, seed=i) for i in range(pages)]
    return image_pdf(imgs, dst, dpi)
