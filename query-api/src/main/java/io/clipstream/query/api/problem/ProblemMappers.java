package io.clipstream.query.api.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.clipstream.query.embed.EmbeddingException;
import io.clipstream.query.feedback.ClickNotLoggedException;
import io.clipstream.query.feedback.ClickRejectedException;
import io.clipstream.query.search.ImageNotIndexedException;
import io.clipstream.query.search.InvalidFilterException;
import io.clipstream.query.search.InvalidImageException;
import io.clipstream.query.search.InvalidModeException;
import io.clipstream.query.search.InvalidQueryException;
import io.clipstream.query.search.QueryMismatchException;
import io.clipstream.query.search.UnknownSearchException;
import io.clipstream.store.VectorStoreException;
import io.clipstream.store.keyword.KeywordSearchUnsupportedException;
import io.clipstream.versions.ActivationRefusedException;
import io.clipstream.versions.ModelsUnavailableException;
import io.clipstream.versions.NothingToRollBackException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure into {@code application/problem+json}: the client's mistakes into 4xx naming the field,
 * outages into 503 with a retry hint, and only genuine server faults into 500. The domain code throws its own
 * exceptions (an invalid filter, an unknown search, a refused activation...); only here do they become HTTP.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    static final int STORE_RETRY_AFTER_S = 5;
    static final int KAFKA_RETRY_AFTER_S = 5;

    @ServerExceptionMapper
    public Response apiProblem(ApiProblem problem, UriInfo uri) {
        return Problem.of(problem, uri.getPath());
    }

    @ServerExceptionMapper
    public Response invalidFilter(InvalidFilterException e, UriInfo uri) {
        return Problem.of(ApiProblem.invalid(e.field(), e.getMessage()), uri.getPath());
    }

    @ServerExceptionMapper
    public Response unknownSearch(UnknownSearchException e, UriInfo uri) {
        return Problem.of(ApiProblem.notFound("searchId", e.getMessage()), uri.getPath());
    }

    @ServerExceptionMapper
    public Response queryMismatch(QueryMismatchException e, UriInfo uri) {
        return Problem.of(ApiProblem.invalid(e.field(), e.getMessage()), uri.getPath());
    }

    /** A query term at fault: 400 naming {@code q} and the term's place in it, or the term in the body's list. */
    @ServerExceptionMapper
    public Response invalidQuery(InvalidQueryException e, UriInfo uri) {
        QueryTermProblems.Located at = QueryTermProblems.locate(e);
        return Problem.of(new ApiProblem(400, "invalid-query", "Invalid query", e.getMessage(), at.field(),
                at.term(), null), uri.getPath());
    }

    @ServerExceptionMapper
    public Response invalidMode(InvalidModeException e, UriInfo uri) {
        return Problem.of(ApiProblem.invalid(e.field(), e.getMessage()), uri.getPath());
    }

    /** Keyword or hybrid search where the store or the collection has no keyword index: never a vector answer. */
    @ServerExceptionMapper
    public Response keywordSearchUnsupported(KeywordSearchUnsupportedException e, UriInfo uri) {
        return Problem.of(new ApiProblem(422, "keyword-search-unavailable", "Keyword search unavailable",
                e.getMessage(), "mode", null), uri.getPath());
    }

    @ServerExceptionMapper
    public Response imageNotIndexed(ImageNotIndexedException e, UriInfo uri) {
        if (e.term() == null) {
            return Problem.of(ApiProblem.notFound("imageId", e.getMessage()), uri.getPath());
        }
        QueryTermProblems.Located at = QueryTermProblems.locate(false, e.term(), null, "imageId");
        return Problem.of(new ApiProblem(404, "not-found", "Not Found", e.getMessage(), at.field(), at.term(), null),
                uri.getPath());
    }

    @ServerExceptionMapper
    public Response invalidImage(InvalidImageException e, UriInfo uri) {
        int status = switch (e.reason()) {
            case TOO_LARGE, TOO_MANY_PIXELS -> 413;
            case UNSUPPORTED_FORMAT -> 415;
            default -> 400;
        };
        QueryTermProblems.Located at = e.term() == null ? new QueryTermProblems.Located("image", null)
                : QueryTermProblems.locate(false, e.term(), null, "image");
        return Problem.of(new ApiProblem(status, "invalid-image", "Invalid image", e.getMessage(), at.field(),
                at.term(), null), uri.getPath());
    }

    @ServerExceptionMapper
    public Response clickRejected(ClickRejectedException e, UriInfo uri) {
        return Problem.of(ApiProblem.unprocessable(e.field(), e.getMessage()), uri.getPath());
    }

    @ServerExceptionMapper
    public Response clickNotLogged(ClickNotLoggedException e, UriInfo uri) {
        return Problem.of(ApiProblem.unavailable(e.getMessage(), KAFKA_RETRY_AFTER_S), uri.getPath());
    }

    /** A version the activation rules refuse: 400 for a malformed number, 422 for a version that may not go live. */
    @ServerExceptionMapper
    public Response activationRefused(ActivationRefusedException e, UriInfo uri) {
        ApiProblem problem = e.reason() == ActivationRefusedException.Reason.INVALID_VERSION
                ? ApiProblem.invalid("version", e.getMessage()) : ApiProblem.unprocessable("version", e.getMessage());
        return Problem.of(problem, uri.getPath());
    }

    @ServerExceptionMapper
    public Response nothingToRollBack(NothingToRollBackException e, UriInfo uri) {
        return Problem.of(ApiProblem.conflict(e.getMessage()), uri.getPath());
    }

    @ServerExceptionMapper
    public Response modelsUnavailable(ModelsUnavailableException e, UriInfo uri) {
        LOG.warnf("models topic unavailable on %s: %s", uri.getPath(), e.getMessage());
        return Problem.of(ApiProblem.unavailable(e.getMessage(), KAFKA_RETRY_AFTER_S), uri.getPath());
    }

    /** A value of the wrong type or an unknown field (more specific than Quarkus' own mapper for them). */
    @ServerExceptionMapper
    public Response mismatch(MismatchedInputException e, UriInfo uri) {
        return json(e, uri);
    }

    /** Malformed JSON or a value of the wrong type: 400 naming the JSON path. */
    @ServerExceptionMapper
    public Response json(JsonProcessingException e, UriInfo uri) {
        String field = null;
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            field = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
        }
        String detail = field == null ? "the body is not valid JSON: " + e.getOriginalMessage()
                : "field '" + field + "' has the wrong type or format: " + e.getOriginalMessage();
        return Problem.response(400, "invalid-request", "Invalid request", detail, field, uri.getPath(), null);
    }

    @ServerExceptionMapper
    public Response store(VectorStoreException e, UriInfo uri) {
        LOG.warnf("vector store failed on %s: %s", uri.getPath(), e.getMessage());
        return Problem.response(503, "store-unavailable", "Vector store unavailable",
                "the vector store did not answer; retry shortly", null, uri.getPath(), STORE_RETRY_AFTER_S);
    }

    @ServerExceptionMapper
    public Response encoder(EmbeddingException e, UriInfo uri) {
        LOG.errorf(e, "encoder failed on %s", uri.getPath());
        return Problem.response(500, "encoder-failed", "Encoder failed", e.getMessage(), null, uri.getPath(), null);
    }

    /** Routing and content negotiation failures (404 unknown path, 405, 406, 415) keep their status. */
    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known == null ? "HTTP " + status : known.getReasonPhrase();
        return Problem.response(status, title.toLowerCase(java.util.Locale.ROOT).replace(' ', '-'), title,
                e.getMessage(), null, uri.getPath(), null);
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e, UriInfo uri) {
        LOG.errorf(e, "unexpected failure on %s", uri.getPath());
        return Problem.response(500, "internal", "Internal Server Error",
                "an unexpected error occurred; it has been logged", null, uri.getPath(), null);
    }
}
