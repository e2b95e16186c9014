package io.benchmarkhub.api.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A newcomer whose JDK is older than 21 (17 is the default on many machines) gets, at once, a message that says what
 * to install, from the Maven Enforcer rule in the root pom, and not "release version 21 not supported" from the
 * compiler. Runs the real wrapper on the root pom with such a JDK when the machine has one.
 */
class OldJdkBuildTest {

    private static final Pattern RELEASE = Pattern.compile("JAVA_VERSION=\"(\\d+)");

    @Test
    void a_jdk_older_than_21_stops_the_build_with_a_message_that_says_what_to_install() throws Exception {
        Optional<Path> oldJdk = oldJdk();
        assumeTrue(oldJdk.isPresent(), "no JDK older than 21 under /usr/lib/jvm");
        Path root = Path.of("..").toAbsolutePath().normalize();
        assertThat(root.resolve("mvnw")).exists();

        ProcessBuilder builder = new ProcessBuilder(root.resolve("mvnw").toString(), "-B", "-ntp", "-N", "validate")
                .directory(root.toFile())
                .redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", oldJdk.get().toString());
        builder.environment().put("PATH", oldJdk.get().resolve("bin") + ":" + System.getenv("PATH"));
        builder.environment().remove("MAVEN_OPTS");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();

        assertThat(process.exitValue()).as(output).isNotZero();
        assertThat(output)
                .contains("BenchmarkHub needs a JDK 21 or newer")
                .contains("Install a JDK 21+")
                .contains("JAVA_HOME")
                .contains(oldJdk.get().toString())
                .doesNotContain("release version 21 not supported");
    }

    /** A JDK (with javac) whose release file says a major version below 21. */
    private static Optional<Path> oldJdk() throws IOException {
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) return Optional.empty();
        try (Stream<Path> dirs = Files.list(jvms)) {
            return dirs.filter(dir -> Files.isExecutable(dir.resolve("bin/javac")) && !Files.isSymbolicLink(dir))
                    .filter(dir -> major(dir) > 0 && major(dir) < 21)
                    .sorted()
                    .findFirst();
        }
    }

    private static int major(Path jdk) {
        try {
            Matcher m = RELEASE.matcher(Files.readString(jdk.resolve("release")));
            return m.find() ? Integer.parseInt(m.group(1)) : 0;
        } catch (IOException e) {
            return 0;
        }
    }
}
