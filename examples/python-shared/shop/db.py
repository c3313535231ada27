import os
from contextlib import contextmanager

import psycopg2


@contextmanager
def connection():
    conn = psycopg2.connect(os.environ["DATABASE_URL"])
    try:
        with conn:
            yield conn
    finally:
        conn.close()


def order(order_id):
    with connection() as conn, conn.cursor() as cur:
        cur.execute("SELECT id, customer, total_cents FROM orders WHERE id = %s", (order_id,))
        row = cur.fetchone()
    return None if row is None else {"id": row[0], "customer": row[1], "total_cents": row[2]}
