setInterval(() => console.log('mailer: nothing to send'), 60_000);
