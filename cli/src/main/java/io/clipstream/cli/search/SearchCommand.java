package io.clipstream.cli.search;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clipstream.cli.http.JsonHttp;
import io.clipstream.cli.http.Service;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "search", sortOptions = false,
        description = "Search indexed images by text through the query API (POST /v1/search).")
public final class SearchCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TEXT", description = "What to look for.")
    String text;

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

    @Option(names = "--json", description = "Print the API's raw JSON answer.")
    boolean json;

    @Option(names = "--timeout-ms", paramLabel = "MS", defaultValue = "30000", description = "Request timeout (default: ${DEFAULT-VALUE}).")
    long timeoutMs;

    @Override
    public Integer call() {
        ObjectNode body = JsonHttp.JSON.createObjectNode();
        body.put("text", text);
        body.put("k", k);
        if (offset > 0) {
            body.put("offset", offset);
        }
        if (filter != null) {
            body.set("filter", parseFilter(filter));
        }
        JsonHttp http = new JsonHttp(Service.QUERY_API, url, Duration.ofMillis(timeoutMs));
        JsonHttp.Answer answer = http.post("/v1/search", Map.of(), body);
        JsonNode result = http.ok(answer, "POST /v1/search");
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? answer.body().strip() + "\n" : SearchTable.render(result));
        out.flush();
        return 0;
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
