ARG ELASTIC_VERSION

# https://www.docker.elastic.co/
FROM docker.elastic.co/elasticsearch/elasticsearch:${ELASTIC_VERSION:-9.5.1}

# Add your elasticsearch plugins setup here
# Example: RUN elasticsearch-plugin install analysis-icu
