# syntax=docker/dockerfile:1
# Node 20 for the web app's build (web/, built by the same Maven build with npm), taken from the official image.
FROM node:20-bookworm-slim AS node

# Build: the Maven wrapper fetches Maven and the dependencies from Maven Central; npm the web app's from npm.
FROM eclipse-temurin:21-jdk AS build
COPY --from=node /usr/local/bin/node /usr/local/bin/node
COPY --from=node /usr/local/lib/node_modules /usr/local/lib/node_modules
RUN ln -s /usr/local/lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 --mount=type=cache,target=/root/.npm \
    chmod +x mvnw && ./mvnw -B -ntp -DskipTests package

# Run: the Spring Boot jar on a JRE, as a non-root user.
FROM eclipse-temurin:21-jre
RUN groupadd --system benchmarkhub \
    && useradd --system --gid benchmarkhub --home-dir /app --no-create-home benchmarkhub \
    && mkdir -p /app/data \
    && chown -R benchmarkhub:benchmarkhub /app
WORKDIR /app
COPY --from=build /src/api/target/benchmarkhub.jar /app/benchmarkhub.jar
USER benchmarkhub
# ./data (= /app/data) holds the bootstrap admin token, and the embedded PostgreSQL when no
# SPRING_DATASOURCE_URL is set.
ENV BENCHMARKHUB_DATA_DIR=/app/data
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/benchmarkhub.jar"]
