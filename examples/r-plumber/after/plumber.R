# Tiny Plumber API used by both Dockerfiles (copy it next to each Dockerfile's build context).

#* Liveness probe used by the image's HEALTHCHECK
#* @get /health
function() {
  list(status = "ok")
}

#* Echo a message
#* @param msg The message to echo
#* @get /echo
function(msg = "") {
  list(msg = paste0("The message is: '", msg, "'"))
}
