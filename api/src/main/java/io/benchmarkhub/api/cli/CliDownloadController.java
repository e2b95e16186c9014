package io.benchmarkhub.api.cli;

import io.benchmarkhub.api.web.ProblemResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Optional;
import org.springframework.core.io.InputStreamResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /downloads/benchmarkhub-cli.jar}: the CLI of this server's own version, so a pipeline fetches a CLI that
 * matches the API it talks to. The CLI module is a dependency of the app, so its executable jar is inside the app's jar
 * ({@code BOOT-INF/lib}, read through Spring Boot's {@code nested:} URLs) or, in a build, in {@code cli/target}. Public:
 * the jar holds nothing secret.
 */
@RestController
@Tag(name = "CLI")
class CliDownloadController {

    static final String MAIN_CLASS = "io.benchmarkhub.cli.BenchmarkHubCli";

    @GetMapping("/downloads/benchmarkhub-cli.jar")
    @Operation(
            summary =
                    "The benchmarkhub CLI of this server's version (an executable jar: java -jar benchmarkhub-cli.jar)")
    @ApiResponse(responseCode = "200", content = @Content(mediaType = "application/java-archive"))
    @ProblemResponse(
            status = "404",
            description = "this build of the app was made without the CLI's jar (a build that stopped before package)")
    public ResponseEntity<?> download() throws IOException {
        Optional<URL> jar = cliJar();
        if (jar.isEmpty()) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                    HttpStatus.NOT_FOUND, "This server was built without the CLI's jar; build it with ./mvnw package.");
            problem.setTitle("CLI not available");
            return ResponseEntity.status(HttpStatus.NOT_FOUND)
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(problem);
        }
        InputStream in = jar.get().openStream();
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("application/java-archive"))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"benchmarkhub-cli.jar\"")
                .body(new InputStreamResource(in));
    }

    /** Where the CLI's classes come from, when that is a jar: a file in a build, a nested entry in the app's jar. */
    static Optional<URL> cliJar() {
        try {
            CodeSource source = Class.forName(MAIN_CLASS).getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null) return Optional.empty();
            String location = source.getLocation().toString();
            if (location.startsWith("jar:nested:")) {
                // jar:nested:/app.jar/!BOOT-INF/lib/cli.jar!/ → nested:/app.jar/!BOOT-INF/lib/cli.jar, whose content is
                // the jar
                String nested = location.substring("jar:".length());
                if (nested.endsWith("!/")) nested = nested.substring(0, nested.length() - 2);
                return Optional.of(URI.create(nested).toURL());
            }
            if (location.startsWith("file:")) {
                Path path = Path.of(source.getLocation().toURI());
                return Files.isRegularFile(path) && path.toString().endsWith(".jar")
                        ? Optional.of(path.toUri().toURL())
                        : Optional.empty();
            }
            return Optional.empty();
        } catch (ClassNotFoundException | IOException | java.net.URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
