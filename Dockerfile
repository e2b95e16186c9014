# syntax=docker/dockerfile:1
# Build: the Maven wrapper fetches Maven and the dependencies from Maven Central.
FROM eclipse-temurin:21-jdk AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
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
