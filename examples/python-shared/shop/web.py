from flask import Flask, abort, jsonify

from . import db
from .tasks import invoice_preview

app = Flask(__name__)


@app.get("/orders/<int:order_id>")
def show_order(order_id):
    order = db.order(order_id)
    if order is None:
        abort(404)
    return jsonify(order)


@app.post("/orders/<int:order_id>/preview")
def queue_preview(order_id):
    job = invoice_preview.delay(order_id)
    return jsonify({"job": job.id}), 202


@app.get("/healthz")
def healthz():
    return "ok"
