package io.benchmarkhub.api.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every relative link in README.md and docs/ resolves inside the repository: the file exists and, when the link names
 * a heading ({@code credits.md#buying-credits}), the heading is there. A person who clones the project has nothing
 * outside it, so a link that leaves the repository fails too.
 */
class DocsLinksTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern LINK =
            Pattern.compile("!?\\[(?:[^\\[\\]]|\\[[^\\]]*\\])*\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern FENCE = Pattern.compile("(?ms)^ {0,3}(```|~~~).*?^ {0,3}\\1[^\\n]*$");
    private static final Pattern INLINE_CODE = Pattern.compile("`[^`\\n]*`");
    private static final Pattern HEADING = Pattern.compile("(?m)^ {0,3}#{1,6}\\s+(.+?)\\s*#*\\s*$");

    @Test
    void every_relative_link_in_the_docs_resolves() throws IOException {
        List<String> broken = new ArrayList<>();
        Map<Path, Set<String>> anchors = new HashMap<>();
        for (Path file : markdownFiles()) {
            String text = withoutCode(Files.readString(file));
            Matcher link = LINK.matcher(text);
            while (link.find()) {
                String target = link.group(1);
                if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
                    continue; // http:, https:, mailto:
                }
                String where = ROOT.relativize(file) + ": " + target;
                int hash = target.indexOf('#');
                String pathPart = hash < 0 ? target : target.substring(0, hash);
                String anchor = hash < 0 ? null : target.substring(hash + 1);
                Path resolved = pathPart.isEmpty()
                        ? file
                        : file.getParent().resolve(pathPart).normalize();
                if (!resolved.startsWith(ROOT)) {
                    broken.add(where + " (points outside the repository)");
                } else if (!Files.exists(resolved)) {
                    broken.add(where + " (no such file)");
                } else if (anchor != null
                        && !anchor.isEmpty()
                        && resolved.toString().endsWith(".md")
                        && !anchors.computeIfAbsent(resolved, DocsLinksTest::headingAnchors)
                                .contains(anchor)) {
                    broken.add(where + " (no such heading)");
                }
            }
        }
        assertThat(broken).as("broken links").isEmpty();
    }

    @Test
    void headings_become_anchors_as_github_makes_them() {
        assertThat(slug("Buying credits (Stripe Checkout)")).isEqualTo("buying-credits-stripe-checkout");
        assertThat(slug("`GET /api/runs/{id}` — the run")).isEqualTo("get-apirunsid--the-run");
        assertThat(slug("Import and export [PR](x.md)")).isEqualTo("import-and-export-pr");
    }

    private static List<Path> markdownFiles() throws IOException {
        List<Path> files = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.walk(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        return files;
    }

    private static String withoutCode(String markdown) {
        return INLINE_CODE.matcher(FENCE.matcher(markdown).replaceAll("")).replaceAll("``");
    }

    private static Set<String> headingAnchors(Path file) {
        try {
            Set<String> anchors = new HashSet<>();
            Map<String, Integer> seen = new HashMap<>();
            Matcher heading =
                    HEADING.matcher(FENCE.matcher(Files.readString(file)).replaceAll(""));
            while (heading.find()) {
                String slug = slug(heading.group(1));
                int n = seen.merge(slug, 1, Integer::sum) - 1;
                anchors.add(n == 0 ? slug : slug + "-" + n); // GitHub numbers repeated headings
            }
            return anchors;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** GitHub's heading anchor: link text kept, lower case, punctuation dropped, each space a hyphen. */
    static String slug(String heading) {
        String text = heading.replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1");
        return text.toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N}\\p{M} _-]", "")
                .replace(' ', '-');
    }
}
