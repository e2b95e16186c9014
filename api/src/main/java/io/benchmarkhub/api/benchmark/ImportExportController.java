package io.benchmarkhub.api.benchmark;

import static io.benchmarkhub.api.auth.CurrentUser.viewerOf;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.benchmarkhub.api.auth.CurrentUser;
import io.benchmarkhub.api.benchmark.BenchmarkRequests.CasesAdded;
import io.benchmarkhub.api.benchmark.BenchmarkRequests.CreateBenchmarkRequest;
import io.benchmarkhub.api.benchmark.imports.CaseExport;
import io.benchmarkhub.api.benchmark.imports.CaseImport;
import io.benchmarkhub.api.benchmark.imports.CaseImport.Format;
import io.benchmarkhub.api.benchmark.imports.PromptfooExport;
import io.benchmarkhub.api.web.BadRequest;
import io.benchmarkhub.api.web.IfMatch;
import io.benchmarkhub.domain.benchmark.BenchmarkException;
import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.benchmark.TestCase;
import io.benchmarkhub.domain.benchmark.Violation;
import io.benchmarkhub.domain.benchmark.Visibility;
import io.benchmarkhub.query.benchmark.BenchmarkQueries;
import io.benchmarkhub.query.benchmark.BenchmarkViews.CaseView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Benchmark cases as files. {@code POST /api/benchmarks/import} reads a JSONL, CSV or promptfoo
 * YAML file (see {@link CaseImport}) into a new benchmark or onto the end of an existing one; a
 * file with any problem imports nothing and answers 400 naming each problem's line, row or test.
 * {@code GET /api/benchmarks/{id}/export} writes the current cases as JSONL or CSV.
 * <p>
 * JSONL round-trips losslessly: importing an export gives back the same ids, inputs, expected
 * values, tags and metadata. CSV is meant for string inputs and spreadsheets: an input or
 * expected value that is not a string is exported as its JSON text and imported back as that
 * string, and an empty expected cell reads as no expected value.
 * <p>
 * The body is read as UTF-8 unless its Content-Type names another charset (bytes that are not
 * text in it are a 400, never replaced); the 16 MiB request body limit applies (413).
 */
@RestController
@RequestMapping("/api/benchmarks")
@Tag(name = "Benchmarks (import and export)")
class ImportExportController {

    private static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");
    private static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);
    private static final MediaType YAML = new MediaType("application", "yaml", StandardCharsets.UTF_8);

    private final BenchmarkWrites commands;
    private final BenchmarkQueries benchmarks;

    public ImportExportController(BenchmarkWrites commands, BenchmarkQueries benchmarks) {
        this.commands = commands;
        this.benchmarks = benchmarks;
    }

    /**
     * The outcome of an import: the benchmark's new version, how many cases were imported and the ids they got; for a
     * promptfoo file also each prompt and assertion that was mapped (onto the prompt template, a grader or a decision
     * criterion: {@code as}) and each that was not (with the reason in {@code as}), named by where it is in the file.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Imported(
            String id,
            long version,
            int imported,
            List<String> caseIds,
            List<CaseImport.Mapping> mapped,
            List<CaseImport.Mapping> unmapped) {
        Imported(String id, long version, int imported, List<String> caseIds) {
            this(id, version, imported, caseIds, null, null);
        }
    }

    @PostMapping("/import")
    @Operation(summary = "Import cases from a JSONL, CSV or promptfoo YAML file", description = """
                    The body is the file. With benchmarkId the cases are appended to that benchmark (200;
                    If-Match: "<version>" guards against a concurrent edit); otherwise a new private-by-default
                    benchmark is created from title and the other details (201): without graders from JSONL or CSV (a case's
                    own graders aside); from promptfoo with its first prompt as the prompt template, each test's assertions
                    as the case's own graders, defaultTest's as the benchmark's graders, cost/latency as decision criteria,
                    and the answer's mapped/unmapped listing every prompt and assertion (javascript, python, … are unmapped,
                    kept in the case's metadata).
                    JSONL: one case object per line, {id?, input, expected?, tags?, metadata?, weight?} or OpenAI Evals
                    {input: [messages], ideal}; other keys are kept in metadata. CSV: a header row with an input
                    column, optional expected, id, tags (;-separated), weight; other columns go into metadata.
                    promptfoo: a list of tests or a config with tests:, each {vars, assert?, description?}.
                    A file with any problem imports nothing: 400 with errors naming "line N", "row N" or "tests[i]".""")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            required = true,
            content = {
                @Content(mediaType = "application/x-ndjson", schema = @Schema(type = "string")),
                @Content(mediaType = "text/csv", schema = @Schema(type = "string")),
                @Content(mediaType = "application/yaml", schema = @Schema(type = "string"))
            })
    @ApiResponse(
            responseCode = "200",
            description = "The cases were appended to benchmarkId",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Imported.class)))
    @ApiResponse(
            responseCode = "201",
            description = "A new benchmark was created from the file",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Imported.class)))
    public ResponseEntity<Imported> importCases(
            @Parameter(description = "jsonl, csv or promptfoo; may be left out when the Content-Type says it")
                    @RequestParam(required = false)
                    String format,
            @Parameter(description = "append to this benchmark instead of creating one") @RequestParam(required = false)
                    String benchmarkId,
            @Parameter(description = "the new benchmark's title; required without benchmarkId")
                    @RequestParam(required = false)
                    String title,
            @RequestParam(required = false) Visibility visibility,
            @RequestParam(required = false) String description,
            @RequestParam(required = false) String category,
            @Parameter(description = "repeatable: tags=a&tags=b") @RequestParam(required = false) List<String> tags,
            @RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) String contentType,
            @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @RequestBody(required = false) byte[] body,
            @AuthenticationPrincipal CurrentUser user) {
        Format fileFormat = format(format, contentType);
        if (benchmarkId != null) assertOnlyForExisting(benchmarkId, title, visibility, description, category, tags);
        else assertCreatable(title, ifMatch);
        CaseImport.Parsed parsed = parse(fileFormat, text(body, contentType));
        List<TestCase> cases = parsed.cases();
        CaseImport.Config config = parsed.config();

        if (benchmarkId != null) {
            CasesAdded added = commands.addCases(user, benchmarkId, IfMatch.expectedVersion(ifMatch), cases);
            var mapped = config == null ? null : new ArrayList<CaseImport.Mapping>();
            var unmapped = config == null ? null : new ArrayList<>(config.unmapped());
            if (config != null) {
                // appending cases leaves the benchmark's prompt template, graders and rubric as they are
                for (CaseImport.Mapping m : config.mapped()) {
                    if (m.at().startsWith("tests[")) mapped.add(m);
                    else
                        unmapped.add(new CaseImport.Mapping(
                                m.at(),
                                m.type(),
                                "importing into an existing benchmark adds its cases only",
                                m.line()));
                }
            }
            return ResponseEntity.ok()
                    .eTag(IfMatch.etag(added.version()))
                    .body(new Imported(added.id(), added.version(), cases.size(), added.caseIds(), mapped, unmapped));
        }
        BenchmarkId id = commands.create(
                user,
                new CreateBenchmarkRequest(
                        title,
                        description,
                        tags,
                        category,
                        visibility,
                        null,
                        config == null ? null : config.promptTemplate(),
                        cases,
                        config == null ? List.of() : config.graders(),
                        config == null ? List.of() : config.decisionCriteria(),
                        config == null ? List.of() : config.promptVariants()));
        List<String> caseIds = benchmarks
                .currentCases(id.value(), user.viewer())
                .map(views -> views.stream().map(CaseView::id).toList())
                .orElse(null);
        return ResponseEntity.created(URI.create("/api/benchmarks/" + id))
                .eTag(IfMatch.etag(1))
                .body(new Imported(
                        id.value(),
                        1,
                        cases.size(),
                        caseIds,
                        config == null ? null : config.mapped(),
                        config == null ? null : config.unmapped()));
    }

    @GetMapping("/{id}/export")
    @Operation(summary = "Export the current cases as JSONL (lossless), CSV (for string inputs) or a promptfoo config")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(
            responseCode = "200",
            content = {
                @Content(mediaType = "application/x-ndjson", schema = @Schema(type = "string")),
                @Content(mediaType = "text/csv", schema = @Schema(type = "string")),
                @Content(mediaType = "application/yaml", schema = @Schema(type = "string"))
            })
    public ResponseEntity<byte[]> export(
            @PathVariable String id,
            @Parameter(description = "jsonl (default), csv or promptfoo") @RequestParam(defaultValue = "jsonl")
                    String format,
            @AuthenticationPrincipal CurrentUser user) {
        Format fileFormat = Format.named(format)
                .orElseThrow(() -> new BadRequest(
                        "Unknown export format.",
                        List.of(new Violation("format", "must be jsonl, csv or promptfoo; got '" + format + "'"))));
        if (fileFormat == Format.PROMPTFOO) {
            long current = benchmarks
                    .currentVersion(id, viewerOf(user))
                    .orElseThrow(() -> new BenchmarkException.NotFound(new BenchmarkId(id)));
            var version = benchmarks
                    .version(id, current, viewerOf(user))
                    .orElseThrow(() -> new BenchmarkException.NotFound(new BenchmarkId(id)));
            String yaml = PromptfooExport.yaml(
                    version.title(),
                    version.promptTemplate(),
                    version.promptVariants(),
                    version.graders(),
                    version.cases().stream()
                            .map(c -> new TestCase(
                                    c.id(), c.input(), c.expected(), c.tags(), c.metadata(), c.weight(), c.graders()))
                            .toList());
            return ResponseEntity.ok()
                    .contentType(YAML)
                    .header(
                            HttpHeaders.CONTENT_DISPOSITION,
                            ContentDisposition.attachment()
                                    .filename(id + ".promptfooconfig.yaml")
                                    .build()
                                    .toString())
                    .body(yaml.getBytes(StandardCharsets.UTF_8));
        }
        List<TestCase> cases = benchmarks
                .currentCases(id, viewerOf(user))
                .orElseThrow(() -> new BenchmarkException.NotFound(new BenchmarkId(id)))
                .stream()
                .map(c ->
                        new TestCase(c.id(), c.input(), c.expected(), c.tags(), c.metadata(), c.weight(), c.graders()))
                .toList();
        boolean csv = fileFormat == Format.CSV;
        String file = csv ? CaseExport.csv(cases) : CaseExport.jsonl(cases);
        return ResponseEntity.ok()
                .contentType(csv ? CSV : NDJSON)
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename(id + "." + fileFormat.id())
                                .build()
                                .toString())
                .body(file.getBytes(StandardCharsets.UTF_8));
    }

    private static CaseImport.Parsed parse(Format format, String text) {
        CaseImport.Parsed parsed = CaseImport.parse(format, text);
        if (parsed.ok()) return parsed;
        String more = parsed.problemCount() > parsed.problems().size()
                ? " It has " + parsed.problemCount() + " problems; the first "
                        + parsed.problems().size() + " are listed."
                : "";
        throw new BadRequest(
                "The " + format.id() + " file cannot be imported; nothing was imported." + more, parsed.problems());
    }

    private static Format format(String format, String contentType) {
        if (format != null) {
            return Format.named(format)
                    .orElseThrow(() -> new BadRequest(
                            "Unknown import format.",
                            List.of(new Violation(
                                    "format", "must be one of " + Format.names() + "; got '" + format + "'"))));
        }
        return Format.forMediaType(contentType)
                .orElseThrow(() -> new BadRequest(
                        "Say which format the file is in.",
                        List.of(new Violation(
                                "format",
                                "is required (" + Format.names() + ") unless the Content-Type is "
                                        + "application/x-ndjson, application/jsonl, text/csv or application/yaml; it is "
                                        + (contentType == null ? "missing" : "'" + contentType + "'")))));
    }

    /** The body in the charset its Content-Type names, UTF-8 by default; bytes that are not text are refused, not replaced. */
    private static String text(byte[] body, String contentType) {
        Charset charset = StandardCharsets.UTF_8;
        if (contentType != null) {
            try {
                Charset named = MediaType.parseMediaType(contentType).getCharset();
                if (named != null) charset = named;
            } catch (IllegalArgumentException e) {
                throw new BadRequest("The Content-Type cannot be read: " + e.getMessage());
            }
        }
        if (body == null || body.length == 0) return "";
        try {
            return charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new BadRequest("The body is not valid " + charset.name()
                    + " text; send the file as UTF-8 or name its charset in the Content-Type.");
        }
    }

    private static void assertOnlyForExisting(
            String benchmarkId,
            String title,
            Visibility visibility,
            String description,
            String category,
            List<String> tags) {
        var problems = new ArrayList<Violation>();
        if (benchmarkId.isBlank()) problems.add(new Violation("benchmarkId", "must not be blank"));
        String forNew = "is for a new benchmark; leave it out when importing into benchmarkId";
        if (title != null) problems.add(new Violation("title", forNew));
        if (visibility != null) problems.add(new Violation("visibility", forNew));
        if (description != null) problems.add(new Violation("description", forNew));
        if (category != null) problems.add(new Violation("category", forNew));
        if (tags != null) problems.add(new Violation("tags", forNew));
        if (!problems.isEmpty()) throw new BadRequest("The import parameters do not fit together.", problems);
    }

    private static void assertCreatable(String title, String ifMatch) {
        var problems = new ArrayList<Violation>();
        if (title == null || title.isBlank())
            problems.add(new Violation(
                    "title", "is required to create a benchmark (or give benchmarkId to import into one)"));
        if (ifMatch != null)
            problems.add(
                    new Violation("If-Match", "only applies when importing into an existing benchmark (benchmarkId)"));
        if (!problems.isEmpty()) throw new BadRequest("The import parameters do not fit together.", problems);
    }
}
