# orkestr itself in a container, on the local Debian base (no registry needed):
#   bin/build-images && mvn -B -DskipTests package && DOCKER_BUILDKIT=0 docker build -t orkestr.local/orkestr .
#   docker run --rm -v /var/run/docker.sock:/var/run/docker.sock -v orkestr-home:/var/lib/orkestr \
#     -v "$PWD":/work -w /work orkestr.local/orkestr plan -f orkestr.yaml
ARG BASE=orkestr.local/debian:bookworm
FROM ${BASE}
RUN set -eux; \
    apt-get update; \
    apt-get install -y --no-install-recommends openjdk-17-jre-headless; \
    apt-get clean; rm -rf /var/lib/apt/lists/* /usr/share/doc /usr/share/man
COPY target/orkestr.jar /opt/orkestr/orkestr.jar
ENV ORKESTR_HOME=/var/lib/orkestr
VOLUME /var/lib/orkestr
ENTRYPOINT ["java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", "/opt/orkestr/orkestr.jar"]
CMD ["--help"]
