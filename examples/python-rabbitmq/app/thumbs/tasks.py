from celery import Celery

app = Celery("thumbs")
