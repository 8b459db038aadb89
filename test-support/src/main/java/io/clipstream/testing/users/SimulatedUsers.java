package io.clipstream.testing.users;

import io.clipstream.events.ClickPair;
import io.clipstream.testing.shapes.Scene;
import io.clipstream.testing.shapes.ShapeCatalogue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * Users searching their own photo libraries and clicking, as click pairs. The catalogue is dealt round-robin into
 * libraries; a search runs in one library (as searching one's own photos does; evaluation ranks them all) and shows
 * the base model's top {@value #SHOWN} (cosine of base text and image vectors). The user examines rank r (0-based)
 * with probability {@code 1 / (r + 1)}, clicks an examined picture with probability 0.9 when it is what the text
 * means and 0.01 otherwise. Each click becomes a {@link ClickPair} as the click-pair topology writes it: its rank,
 * the shown-above-and-not-clicked pictures as negatives, the clipped inverse propensity as weight. Searches come
 * {@value #SECONDS_BETWEEN_SEARCHES} s apart, so 3,000 clicks take about a day.
 *
 * <p>Libraries keep every picture within reach of a search: were every search over the whole catalogue, the clicks
 * (hence the held-out clicks the gate judges by) could only ever be the base model's own top 20, and the base model
 * would look good on them by construction.
 */
public final class SimulatedUsers {

    public static final int SHOWN = 20;
    static final long SECONDS_BETWEEN_SEARCHES = 15;
    private static final double CLICK_RELEVANT = 0.9;
    private static final double CLICK_IRRELEVANT = 0.01;
    /** With random clicks every examined picture is clicked with this probability, whatever it shows. */
    private static final double CLICK_ANY = 0.25;
    private static final double MAX_WEIGHT = 10;
    private static final Instant START = Instant.parse("2026-01-05T06:00:00Z");

    private final ShapeCatalogue catalogue;
    private final SearchTraffic traffic;
    private final String baseModelId;
    private final List<List<String>> libraries = new ArrayList<>();
    /** The base model's top results per library, then per text. */
    private final List<Map<String, List<String>>> baseTop = new ArrayList<>();

    /**
     * @param images base image vectors of every catalogue picture
     * @param texts base text vectors of every text of {@code traffic}
     */
    public SimulatedUsers(ShapeCatalogue catalogue, SearchTraffic traffic, Map<String, float[]> images,
                          Map<String, float[]> texts, int libraryCount, String baseModelId) {
        this.catalogue = catalogue;
        this.traffic = traffic;
        this.baseModelId = baseModelId;
        List<String> ids = catalogue.ids();
        for (int library = 0; library < libraryCount; library++) {
            List<String> members = new ArrayList<>();
            for (int i = library; i < ids.size(); i += libraryCount) {
                members.add(ids.get(i));
            }
            libraries.add(members);
            Map<String, List<String>> top = new HashMap<>();
            for (String text : traffic.texts()) {
                float[] query = texts.get(text);
                if (query == null) {
                    throw new IllegalArgumentException("no base vector for '" + text + "'");
                }
                top.put(text, members.stream()
                        .sorted(Comparator.comparingDouble((String id) -> -cosine(query, images.get(id)))
                                .thenComparing(id -> id))
                        .limit(SHOWN).toList());
            }
            baseTop.add(top);
        }
    }

    /**
     * One search that got clicks: its number (searches without clicks count too), the text, the library it ran in,
     * what it showed and the 0-based ranks clicked, in order.
     */
    public record Session(int index, String text, int library, List<String> shown, List<Integer> clickedRanks) {

        public Session {
            shown = List.copyOf(shown);
            clickedRanks = List.copyOf(clickedRanks);
        }
    }

    /** Searches until {@code clicks} click pairs were made; clicks follow what each text means. */
    public List<ClickPair> clicks(int clicks, long seed) {
        return pairs(sessions(clicks, seed));
    }

    /**
     * The searches behind {@link #clicks}, those with clicks only: replaying them against a search service that
     * ranks as the base model does gives the same clicks without the searches nobody clicked in.
     */
    public List<Session> sessions(int clicks, long seed) {
        Random random = new Random(seed);
        List<Session> sessions = new ArrayList<>();
        int made = 0;
        for (int s = 0; made < clicks; s++) {
            String text = traffic.nextText(random);
            int library = random.nextInt(libraries.size());
            Predicate<Scene> relevant = traffic.meaning(text);
            List<String> shown = baseTop.get(library).get(text);
            List<Integer> ranks = clickedRanks(shown, clicks - made, random,
                    id -> relevant.test(catalogue.scene(id)) ? CLICK_RELEVANT : CLICK_IRRELEVANT);
            if (!ranks.isEmpty()) {
                sessions.add(new Session(s, text, library, shown, ranks));
                made += ranks.size();
            }
        }
        return sessions;
    }

    /**
     * The same searches with clicks that say nothing about the text: each shows a random page of its library and an
     * examined picture is clicked at one rate, whatever it shows.
     */
    public List<ClickPair> randomClicks(int clicks, long seed) {
        Random random = new Random(seed);
        List<Session> sessions = new ArrayList<>();
        int made = 0;
        for (int s = 0; made < clicks; s++) {
            String text = traffic.nextText(random);
            int library = random.nextInt(libraries.size());
            List<String> page = new ArrayList<>(libraries.get(library));
            Collections.shuffle(page, random);
            List<String> shown = page.subList(0, Math.min(SHOWN, page.size()));
            List<Integer> ranks = clickedRanks(shown, clicks - made, random, id -> CLICK_ANY);
            if (!ranks.isEmpty()) {
                sessions.add(new Session(s, text, library, shown, ranks));
                made += ranks.size();
            }
        }
        return pairs(sessions);
    }

    /** The base model's result page for {@code text} in {@code library}. */
    public List<String> shown(int library, String text) {
        return baseTop.get(library).get(text);
    }

    /** Examines rank r with probability 1/(r + 1), then clicks with the picture's probability; at most {@code limit}. */
    private static List<Integer> clickedRanks(List<String> shown, int limit, Random random,
                                              ToDoubleFunction<String> clickProbability) {
        List<Integer> ranks = new ArrayList<>();
        for (int rank = 0; rank < shown.size() && ranks.size() < limit; rank++) {
            double propensity = 1.0 / (rank + 1);
            if (random.nextDouble() < propensity
                    && random.nextDouble() < clickProbability.applyAsDouble(shown.get(rank))) {
                ranks.add(rank);
            }
        }
        return ranks;
    }

    /** Click pairs as the click-pair topology writes them. */
    private List<ClickPair> pairs(List<Session> sessions) {
        List<ClickPair> out = new ArrayList<>();
        for (Session session : sessions) {
            Instant searchTime = START.plus(Duration.ofSeconds(SECONDS_BETWEEN_SEARCHES * session.index()));
            String searchId = "search-" + session.index();
            List<String> clicked = new ArrayList<>();
            for (int rank : session.clickedRanks()) {
                String image = session.shown().get(rank);
                List<String> negatives = new ArrayList<>();
                for (int above = 0; above < rank; above++) {
                    if (!clicked.contains(session.shown().get(above))) {
                        negatives.add(session.shown().get(above));
                    }
                }
                clicked.add(image);
                out.add(new ClickPair(searchId, searchId + "-click-" + clicked.size(), session.text(), image, rank,
                        negatives, Math.min(MAX_WEIGHT, rank + 1.0), baseModelId, 0, searchTime,
                        searchTime.plusSeconds(2L * (rank + 1))));
            }
        }
        return out;
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }
}
