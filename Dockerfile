# syntax=docker/dockerfile:1
# One build, two processes:
#   docker build --target worker -t governed-actions-worker .   (WorkerApplication: the Temporal worker)
#   docker build --target api    -t governed-actions-api .      (REST API; run it with GOVERNED_WORKER_ENABLED=false)
# docker-compose.yml builds both.

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
# The cache mount keeps downloaded dependencies between builds.
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q -DskipTests package

FROM eclipse-temurin:17-jre AS runtime
# Audit checkpoints (governed.audit.integrity.checkpoint-directory): a volume mounted there starts
# with this owner, so the service can write it without running as root.
RUN useradd --system --uid 10001 --no-create-home governed \
 && mkdir -p /var/lib/governed/checkpoints && chown -R governed /var/lib/governed
WORKDIR /app
USER governed

FROM runtime AS worker
COPY --from=build /src/worker/target/governed-actions-worker-exec.jar /app/governed-actions-worker.jar
ENTRYPOINT ["java", "-jar", "/app/governed-actions-worker.jar"]

FROM runtime AS api
COPY --from=build /src/app/target/governed-actions.jar /app/governed-actions.jar
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/governed-actions.jar"]
