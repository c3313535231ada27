ARG BASEIMAGE
FROM temporalio/${BASEIMAGE}

USER root
COPY ./.pki/ca.pem /usr/local/share/ca-certificates/ca.crt

RUN update-ca-certificates

USER temporal
