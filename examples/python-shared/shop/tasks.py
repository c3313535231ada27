import os

from celery import Celery
from celery.schedules import crontab

from . import db, invoices

app = Celery("shop", broker=os.environ.get("BROKER_URL", "redis://redis:6379/0"))
app.conf.beat_schedule = {
    "nightly-report": {"task": "shop.tasks.nightly_report", "schedule": crontab(hour=2, minute=0)},
}


@app.task
def invoice_preview(order_id):
    order = db.order(order_id)
    return invoices.preview(order) if order else None


@app.task
def nightly_report():
    with db.connection() as conn, conn.cursor() as cur:
        cur.execute("SELECT count(*), coalesce(sum(total_cents), 0) FROM orders WHERE created_at > now() - interval '1 day'")
        count, total = cur.fetchone()
    print(f"orders in the last 24 h: {count}, {total / 100:.2f} EUR")
