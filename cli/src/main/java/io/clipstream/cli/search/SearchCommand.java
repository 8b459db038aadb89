package io.clipstream.cli.search;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clipstream.cli.CliFailure;
import io.clipstream.cli.http.JsonHttp;
import io.clipstream.cli.http.Service;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "search", sortOptions = false,
        description = {"Search indexed images through the query API.",
            "QUERY is in the search syntax of the web page (GET /v1/search?q=): plain words are one prompt as "
                    + "typed; -word or -\"a phrase\" moves away from it, +word adds it, :weight says how much: "
                    + "'beach -people +sunset:0.5'. --literal sends QUERY as it is (POST /v1/search text).",
            "Or give terms (POST /v1/search terms), each optionally followed by --weight: "
                    + "--text beach --text people --weight -1 --image-id cat-001 --weight 0.5 --image query.jpg",
            "--mode keyword ranks by the words of the images' text fields (caption, tags, path; BM25), --mode "
                    + "hybrid fuses that with the vector ranking (reciprocal rank fusion)."},
        footer = {"", "Examples:",
            "  clipstream search 'a red square' -k 5",
            "  clipstream search 'beach -people +sunset:0.5'",
            "  clipstream search 'a red square' --cutoff auto",
            "  clipstream search 'a red square' --collapse near",
            "  clipstream search --text 'a red square' --image-id red-square-on-black.jpg --weight -0.5",
            "  clipstream search 'red-square-on-black' --mode keyword",
            "  clipstream search 'red square' --mode hybrid --keyword-weight 2"})
public final class SearchCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "QUERY",
            description = "What to look for, in the search syntax (see above).")
    String query;

    @Option(names = "--literal", description = "Send QUERY literally, without the search syntax.")
    boolean literal;

    @Option(names = "--text", paramLabel = "TEXT", description = "A text term (repeatable).")
    List<String> texts = new ArrayList<>();

    @Option(names = "--image-id", paramLabel = "ID", description = "An indexed image as a term (repeatable).")
    List<String> imageIds = new ArrayList<>();

    @Option(names = "--image", paramLabel = "FILE", description = "An image file as a term, uploaded (repeatable).")
    List<Path> images = new ArrayList<>();

    @Option(names = "--weight", paramLabel = "W",
            description = "Weight of the term just before it (default 1; negative: away from it).")
    List<Double> weights = new ArrayList<>();

    @Option(names = "--url", paramLabel = "URL", defaultValue = "${env:CLIPSTREAM_QUERY_URL:-http://localhost:8080}",
            description = "Query API base url (default: ${DEFAULT-VALUE}).")
    String url;

    @Option(names = {"-k", "--k"}, paramLabel = "K", defaultValue = "10", description = "Hits per page, 1..100 (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--offset", paramLabel = "N", defaultValue = "0", description = "Hits to skip (default: ${DEFAULT-VALUE}).")
    int offset;

    @Option(names = "--filter", paramLabel = "JSON",
            description = "Filter on declared metadata fields, eventTime, contentType, e.g. "
                    + "'{\"path\":{\"in\":[\"a.jpg\"]}}'.")
    String filter;

    @Option(names = "--cutoff", paramLabel = "auto|none|P",
            description = "Relevance cut-off: auto (the model version's calibrated choice), none, or a probability "
                    + "0..1; hits below it are listed after a separator, and 'no good match' is said when none "
                    + "passes. Default: the API's (none unless configured).")
    String cutoff;

    @Option(names = "--collapse", paramLabel = "exact|near",
            description = "Show only the best-ranked image of each duplicate group of that tier (near groups hold "
                    + "the exact ones); pages are filled from further down.")
    String collapse;

    @Option(names = "--mode", paramLabel = "MODE",
            description = "How to rank: vector (default), keyword (BM25 over the text fields) or hybrid (both).")
    String mode;

    @Option(names = "--vector-weight", paramLabel = "W",
            description = "With --mode hybrid: weight of the vector ranking (server default 1).")
    Double vectorWeight;

    @Option(names = "--keyword-weight", paramLabel = "W",
            description = "With --mode hybrid: weight of the keyword ranking (server default 1).")
    Double keywordWeight;

    @Option(names = "--json", description = "Print the API's raw JSON answer.")
    boolean json;

    @Option(names = "--timeout-ms", paramLabel = "MS", defaultValue = "30000", description = "Request timeout (default: ${DEFAULT-VALUE}).")
    long timeoutMs;

    /** The terms in command-line order, each with the --weight that follows it. */
    private ArrayNode terms() {
        ArrayNode terms = JsonHttp.JSON.createArrayNode();
        Map<String, Integer> next = new HashMap<>();
        boolean weighted = false;
        for (CommandLine.Model.ArgSpec arg : spec.commandLine().getParseResult().matchedArgs()) {
            if (!(arg instanceof CommandLine.Model.OptionSpec option)) {
                continue;
            }
            String name = option.longestName();
            int index = next.merge(name, 1, Integer::sum) - 1;
            switch (name) {
                case "--text" -> terms.addObject().put("text", texts.get(index));
                case "--image-id" -> terms.addObject().put("imageId", imageIds.get(index));
                case "--image" -> terms.addObject().put("image", base64(images.get(index)));
                case "--weight" -> {
                    if (terms.isEmpty() || weighted) {
                        throw new CommandLine.ParameterException(spec.commandLine(),
                                "--weight follows the --text, --image-id or --image it weighs, once");
                    }
                    ((ObjectNode) terms.get(terms.size() - 1)).put("weight", weights.get(index));
                }
                default -> {
                    continue;
                }
            }
            weighted = name.equals("--weight");
        }
        return terms;
    }

    private String base64(Path file) {
        try {
            return Base64.getEncoder().encodeToString(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--image " + file + " cannot be read: "
                    + e.getMessage());
        }
    }

    @Override
    public Integer call() {
        ArrayNode terms = terms();
        if (query == null && terms.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give QUERY, or terms with --text, "
                    + "--image-id or --image");
        }
        if (query != null && !terms.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give QUERY or terms, not both (a text "
                    + "term is --text TEXT)");
        }
        JsonNode filterJson = filter == null ? null : parseFilter(filter);
        JsonHttp http = new JsonHttp(Service.QUERY_API, url, Duration.ofMillis(timeoutMs));
        JsonHttp.Answer answer;
        String what;
        if (query != null && !literal) {
            Map<String, String> params = new LinkedHashMap<>();
            params.put("q", query);
            params.put("k", String.valueOf(k));
            if (offset > 0) {
                params.put("offset", String.valueOf(offset));
            }
            if (filterJson != null) {
                params.put("filter", filterJson.toString());
            }
            putIfSet(params, "cutoff", cutoff);
            putIfSet(params, "collapse", collapse);
            putIfSet(params, "mode", mode);
            putIfSet(params, "vectorWeight", vectorWeight);
            putIfSet(params, "keywordWeight", keywordWeight);
            what = "GET /v1/search";
            answer = http.get("/v1/search?" + form(params), Map.of());
        } else {
            ObjectNode body = JsonHttp.JSON.createObjectNode();
            if (query != null) {
                body.put("text", query);
            } else {
                body.set("terms", terms);
            }
            body.put("k", k);
            if (offset > 0) {
                body.put("offset", offset);
            }
            if (filterJson != null) {
                body.set("filter", filterJson);
            }
            if (cutoff != null) {
                body.put("cutoff", cutoff);
            }
            if (collapse != null) {
                body.put("collapse", collapse);
            }
            if (mode != null) {
                body.put("mode", mode);
            }
            if (vectorWeight != null) {
                body.put("vectorWeight", vectorWeight);
            }
            if (keywordWeight != null) {
                body.put("keywordWeight", keywordWeight);
            }
            what = "POST /v1/search";
            answer = http.post("/v1/search", Map.of(), body);
        }
        JsonNode result = answer.status() == 400 ? refusedQuery(answer, what) : http.ok(answer, what);
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? answer.body().strip() + "\n" : SearchTable.render(result));
        out.flush();
        return 0;
    }

    /** A refused search: the API's explanation, and for a term of QUERY a caret line under it. */
    private JsonNode refusedQuery(JsonHttp.Answer answer, String what) {
        String message = Service.QUERY_API.name() + " answered 400 to " + what + ": " + JsonHttp.problem(answer);
        JsonNode problem = answer.json();
        if (query != null && problem != null && problem.path("position").isInt() && problem.path("length").isInt()) {
            message += "\n  " + query + "\n  " + " ".repeat(problem.get("position").asInt())
                    + "^".repeat(Math.max(1, problem.get("length").asInt()));
        }
        throw CliFailure.failed(message);
    }

    private static void putIfSet(Map<String, String> params, String name, Object value) {
        if (value != null) {
            params.put(name, String.valueOf(value));
        }
    }

    private static String form(Map<String, String> params) {
        StringBuilder out = new StringBuilder();
        params.forEach((name, value) -> out.append(out.isEmpty() ? "" : "&").append(name).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return out.toString();
    }

    private JsonNode parseFilter(String value) {
        try {
            JsonNode node = JsonHttp.JSON.readTree(value);
            if (node == null || !node.isObject()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--filter must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--filter is not JSON: "
                    + e.getOriginalMessage());
        }
    }
}
