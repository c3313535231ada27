"""Invoice PDFs and their PNG previews (pdf2image runs poppler's pdftoppm)."""
import io
import os

from pdf2image import convert_from_bytes

PREVIEW_DIR = os.environ.get("PREVIEW_DIR", "/tmp/previews")


def render_pdf(order):
    lines = [f"Invoice {order['id']}", f"Customer: {order['customer']}", f"Total: {order['total_cents'] / 100:.2f} EUR"]
    text = "\\n".join(lines).replace("(", "\\\\(").replace(")", "\\\\)")
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET"
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R>>endobj\n"
        + f"4 0 obj<</Length {len(stream)}>>stream\n{stream}\nendstream endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n".encode()
    )


def preview(order):
    os.makedirs(PREVIEW_DIR, exist_ok=True)
    page = convert_from_bytes(render_pdf(order), dpi=72, first_page=1, last_page=1)[0]
    path = os.path.join(PREVIEW_DIR, f"{order['id']}.png")
    buf = io.BytesIO()
    page.save(buf, format="PNG")
    with open(path, "wb") as f:
        f.write(buf.getvalue())
    return path
