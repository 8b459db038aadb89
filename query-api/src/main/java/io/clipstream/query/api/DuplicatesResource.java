package io.clipstream.query.api;

import io.clipstream.events.DuplicateDismissal;
import io.clipstream.events.DuplicateTier;
import io.clipstream.events.ImageDuplicates;
import io.clipstream.query.api.problem.ApiProblem;
import io.clipstream.query.duplicates.Dismissals;
import io.clipstream.query.duplicates.DuplicatesView;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Duplicate groups as the duplicates stage keeps them on its compacted topic. */
@Path("/v1")
@Tag(name = "duplicates")
@Produces(MediaType.APPLICATION_JSON)
public class DuplicatesResource {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 200;

    @Inject
    DuplicatesView view;

    @Inject
    RequestChecks checks;

    @Inject
    Dismissals dismissals;

    /** A page of a tier's groups, largest first. */
    public record GroupPage(String tier, int total, int offset, int limit, List<ImageDuplicates.Group> groups) {
    }

    @GET
    @Path("/images/{imageId: .+}/duplicates")
    @Operation(summary = "An image's duplicate groups (exact, near, scene) and its direct links with their evidence")
    public ImageDuplicates ofImage(@PathParam("imageId") String imageId) {
        return view.of(imageId).orElseThrow(() -> ApiProblem.notFound("imageId",
                "no duplicates record for image '" + imageId + "': not indexed (yet), or deleted"));
    }

    @GET
    @Path("/duplicates")
    @Operation(summary = "Duplicate groups of a tier, largest first, paged")
    public GroupPage groups(
            @Parameter(description = "exact, near (holds the exact groups) or scene (default near)")
            @QueryParam("tier") String tier,
            @Parameter(description = "Groups per page, 1..200 (default 20)") @QueryParam("limit") String limit,
            @Parameter(description = "Groups to skip") @QueryParam("offset") String offset) {
        DuplicateTier t = tier(tier == null || tier.isBlank() ? "near" : tier, "tier");
        int l = orDefault(checks.intParam("limit", limit), DEFAULT_LIMIT);
        int o = orDefault(checks.intParam("offset", offset), 0);
        if (l < 1 || l > MAX_LIMIT) {
            throw ApiProblem.invalid("limit", "'limit' must be 1.." + MAX_LIMIT + ", got " + l);
        }
        if (o < 0) {
            throw ApiProblem.invalid("offset", "'offset' must be >= 0, got " + o);
        }
        List<ImageDuplicates.Group> all = view.groups(t);
        List<ImageDuplicates.Group> page = all.subList(Math.min(o, all.size()), Math.min(o + l, all.size()));
        return new GroupPage(t.wireName(), all.size(), o, l, List.copyOf(page));
    }

    @POST
    @Path("/duplicates/{tier}/{groupId: .+}/dismissal")
    @Operation(summary = "Dismiss a false group: its members stop being grouped together in this tier (an event "
            + "on the dismissals topic, respected by replays); 202 once written")
    public Response dismiss(@PathParam("tier") String tier, @PathParam("groupId") String groupId)
            throws InterruptedException {
        DuplicateTier t = tier(tier, "tier");
        ImageDuplicates.Group group = view.group(t, groupId).orElseThrow(() -> ApiProblem.notFound("groupId",
                "no " + t.wireName() + " group '" + groupId + "'"));
        DuplicateDismissal dismissal = new DuplicateDismissal(t, groupId, group.members().stream()
                .map(ImageDuplicates.Member::imageId).toList(), Instant.now());
        try {
            dismissals.write(dismissal);
        } catch (Dismissals.DismissalNotWritten e) {
            throw ApiProblem.unavailable(e.getMessage(), 5);
        }
        return Response.accepted(dismissal).build();
    }

    /** The tier named by a request parameter; a 400 naming {@code field} otherwise. */
    static DuplicateTier tier(String raw, String field) {
        try {
            return DuplicateTier.parse(raw.strip());
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalid(field, "'" + field + "' must be exact, near or scene, got '" + raw + "'");
        }
    }

    /** The tier of {@code collapse=}: exact or near (scene groups are shown, never hidden); null when not given. */
    static DuplicateTier collapseTier(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        DuplicateTier tier = tier(raw, "collapse");
        if (tier == DuplicateTier.SCENE) {
            throw ApiProblem.invalid("collapse", "'collapse' must be exact or near: same-scene groups are never "
                    + "hidden");
        }
        return tier;
    }

    private static int orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }
}
