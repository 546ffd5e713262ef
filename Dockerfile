# orkestr itself in a container, on the local Debian base (no registry needed; the base is a build argument):
#   bin/build-images && mvn -B -DskipTests package && DOCKER_BUILDKIT=0 docker build -t orkestr.local/orkestr .
# The control plane, API over TLS (certificate and key mounted as /etc/orkestr/tls/tls.crt and tls.key):
#   docker run -d --name orkestr -v /var/run/docker.sock:/var/run/docker.sock -v orkestr-home:/var/lib/orkestr \
#     -v "$PWD/orkestr.yaml":/etc/orkestr/orkestr.yaml:ro -v "$PWD/tls":/etc/orkestr/tls:ro -p 7700:7700 orkestr.local/orkestr
# Without TLS files it listens on loopback only (use --network host). A command instead:
#   docker run --rm -v /var/run/docker.sock:/var/run/docker.sock -v orkestr-home:/var/lib/orkestr \
#     -v "$PWD":/work -w /work orkestr.local/orkestr plan -f orkestr.yaml
ARG BASE=orkestr.local/debian:bookworm
FROM ${BASE}
RUN set -eux; \
    apt-get update; \
    apt-get install -y --no-install-recommends openjdk-17-jre-headless; \
    apt-get clean; rm -rf /var/lib/apt/lists/* /usr/share/doc /usr/share/man
COPY target/orkestr.jar /opt/orkestr/orkestr.jar
COPY src/image/orkestr-entrypoint.sh /usr/local/bin/orkestr-entrypoint
ENV ORKESTR_HOME=/var/lib/orkestr
VOLUME /var/lib/orkestr
EXPOSE 7700
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/orkestr-entrypoint"]
