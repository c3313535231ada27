#escape = `

FROM image
LABEL maintainer foo@bar.com
ENV GOPATH `
\go