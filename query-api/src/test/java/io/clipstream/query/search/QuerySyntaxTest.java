package io.clipstream.query.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clipstream.query.search.InvalidQueryException.Part;
import io.clipstream.query.search.SearchQuery.Span;
import io.clipstream.query.search.SearchQuery.Term;
import io.clipstream.query.search.SearchQuery.Text;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The search syntax and the checks of query terms, with the plain queries it must leave alone. */
class QuerySyntaxTest {

    private final QueryTerms queries = new QueryTerms(new QueryTerms.Limits(16, 100, 1024));

    @ParameterizedTest
    @ValueSource(strings = {"red circle", "a red boat at sunset", "t-shirt", "a - b", "red -", "- red", "+", "-",
        "-5 degrees", "+1 for this", "10:30 meeting", "sunset:0.5", "\"red circle\"", "C++ code", "--help",
        "e-mail -- draft", "rock'n'roll", "red+blue", "x-ray -:", "-.5", "+:", "-'single quoted'", "50% -20%",
        "日本 の 写真"})
    void plainTextIsOnePromptAsTyped(String q) {
        assertThat(queries.parse(q)).isEqualTo(new Text(q));
    }

    @Test
    void plainTextKeepsItsInnerWhiteSpaceAndLosesOnlyTheOuter() {
        assertThat(queries.parse("  red \t circle \n")).isEqualTo(new Text("red \t circle"));
        assertThat(queries.parse("  red \t circle \n")).isEqualTo(new Text("  red \t circle \n".strip()));
        // A no-break space is not white space (as for String.strip): "-" after it does not start a word.
        assertThat(queries.parse("red\u00a0-circle")).isEqualTo(new Text("red\u00a0-circle"));
    }

    @Test
    void signedWordsAndPhrasesAreTermsWithWeights() {
        assertThat(terms("beach -people +sunset:0.5")).containsExactly(
                term("beach", 1, 0, 5), term("people", -1, 6, 7), term("sunset", 0.5, 14, 11));
        assertThat(terms("dog -\"dog on a leash\":2")).containsExactly(
                term("dog", 1, 0, 3), term("dog on a leash", -2, 4, 19));
        assertThat(terms("red circle -green grass on top")).containsExactly(
                term("red circle", 1, 0, 10), term("green", -1, 11, 6), term("grass on top", 1, 18, 12));
        assertThat(terms("-\" padded \" +x:.25 +y:3.")).containsExactly(
                term("padded", -1, 0, 11), term("x", 0.25, 12, 6), term("y", 3, 19, 5));
        assertThat(terms("+\"re:zero\" cat")).containsExactly(term("re:zero", 1, 0, 10), term("cat", 1, 11, 3));
        assertThat(terms("t-shirt -\"t-shirt with text\"")).extracting(Term::weight).containsExactly(1.0, -1.0);
    }

    @Test
    void positionsCountCodePoints() {
        assertThat(terms("🐱 -dög")).containsExactly(term("🐱", 1, 0, 1), term("dög", -1, 2, 4));
        assertThat(terms("\u00e9t\u00e9 -hiver")).containsExactly(term("\u00e9t\u00e9", 1, 0, 3),
                term("hiver", -1, 4, 6));
    }

    @Test
    void oneTermThatIsPositiveIsThePlainQuery() {
        assertThat(queries.parse("+red")).isEqualTo(new Text("red"));
        assertThat(queries.parse("+red:0.5")).isEqualTo(new Text("red"));
        assertThat(queries.parse("+\"red circle\"")).isEqualTo(new Text("red circle"));
        assertThat(queries.list(List.of(new Term(new SearchQuery.SimilarTo("img-1"), 2, null))))
                .isEqualTo(new SearchQuery.SimilarTo("img-1"));
    }

    @Test
    void anUnbalancedQuoteNamesTheTermAndWhereItStands() {
        refused("red -\"green grass", e -> {
            assertThat(e.syntax()).isTrue();
            assertThat(e.term()).isEqualTo(1);
            assertThat(e.span()).isEqualTo(new Span(4, 13));
            assertThat(e.part()).isEqualTo(Part.TEXT);
            assertThat(e).hasMessageContaining("'-\"green grass'").hasMessageContaining("no closing quote");
        });
        refused("-\"a\" +\"b", e -> assertThat(e.span()).isEqualTo(new Span(5, 3)));
        refused("-\"a b\"c d", e -> {
            assertThat(e.span()).isEqualTo(new Span(0, 7));
            assertThat(e).hasMessageContaining("must be followed by white space");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"-people:NaN", "-people:Infinity", "-people:1e400", "-people:", "-people:1.2.3",
        "-people:-1", "-people:+1", "-people:0x10", "-people:1,5", "-people:one", "-re:zero", "-people:1:2",
        "-\"people\":", "-\"people\":abc", "-people:12345678901234567890123456789"})
    void aWeightThatIsNotADecimalNumberIsRefusedAtItsTerm(String term) {
        refused("beach " + term, e -> {
            assertThat(e.term()).isEqualTo(1);
            assertThat(e.part()).isEqualTo(Part.WEIGHT);
            assertThat(e.span().start()).isEqualTo(6);
            assertThat(e.span().length()).isEqualTo(term.length());
            assertThat(e).hasMessageContaining("must be a decimal number");
        });
    }

    @Test
    void weightsOutOfRangeAreRefusedAtTheirTerm() {
        refused("beach -people:0", e -> {
            assertThat(e.term()).isEqualTo(1);
            assertThat(e.span()).isEqualTo(new Span(6, 9));
            assertThat(e.part()).isEqualTo(Part.WEIGHT);
            assertThat(e).hasMessageContaining("above 0 and at most 100").hasMessageContaining("got 0");
        });
        refused("beach +sun:100.5", e -> assertThat(e).hasMessageContaining("got 100.5"));
        refused("beach +sun:99999999999999999999", e -> assertThat(e).hasMessageContaining("got 1.0E20"));
        assertThat(terms("beach +sun:100")).extracting(Term::weight).containsExactly(1.0, 100.0);
        assertThat(terms("beach +sun:0.001")).extracting(Term::weight).containsExactly(1.0, 0.001);
    }

    @ParameterizedTest
    @ValueSource(strings = {"beach -\"\"", "beach +\"   \"", "beach -\"\":2"})
    void anEmptyTermIsRefused(String q) {
        refused(q, e -> {
            assertThat(e.term()).isEqualTo(1);
            assertThat(e.part()).isEqualTo(Part.TEXT);
            assertThat(e).hasMessageContaining("is empty");
        });
    }

    @Test
    void hundredsOfTermsStopAtTheLimitWithTheFirstTermBeyondIt() {
        String q = "a" + " -x".repeat(300);
        refused(q, e -> {
            assertThat(e.term()).isEqualTo(16);
            assertThat(e.span()).isEqualTo(new Span(1 + 3 * 15 + 1, 2));
            assertThat(e).hasMessageContaining("at most 16 terms");
        });
        assertThat(terms("a" + " -x".repeat(15))).hasSize(16);
    }

    @Test
    void aQueryOfNegativeTermsOnlyIsRefused() {
        refused("-people -cars:2", e -> {
            assertThat(e.term()).isNull();
            assertThat(e.span()).isNull();
            assertThat(e).hasMessageContaining("every term is negative");
        });
        refused("-people", e -> assertThat(e).hasMessageContaining("every term is negative"));
    }

    @Test
    void aListOfTermsIsCheckedLikeTheSyntax() {
        assertThatThrownBy(() -> queries.list(List.of())).isInstanceOfSatisfying(InvalidQueryException.class,
                e -> assertThat(e.syntax()).isFalse()).hasMessageContaining("at least one term");
        for (double bad : new double[] {0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -100.5}) {
            assertThatThrownBy(() -> queries.list(List.of(text("a", 1), text("b", bad))))
                    .as("weight %s", bad)
                    .isInstanceOfSatisfying(InvalidQueryException.class, e -> {
                        assertThat(e.term()).isEqualTo(1);
                        assertThat(e.span()).isNull();
                        assertThat(e.part()).isEqualTo(Part.WEIGHT);
                    }).hasMessageContaining("from -100 to 100");
        }
        assertThatThrownBy(() -> queries.list(List.of(text("a", 1), text(" ", -1))))
                .isInstanceOfSatisfying(InvalidQueryException.class, e -> assertThat(e.part()).isEqualTo(Part.TEXT));
        assertThatThrownBy(() -> queries.list(java.util.Collections.nCopies(17, text("a", 1))))
                .isInstanceOfSatisfying(InvalidQueryException.class, e -> assertThat(e.term()).isEqualTo(16))
                .hasMessageContaining("at most 16 terms, got 17");
        assertThatThrownBy(() -> queries.list(List.of(text("x".repeat(600), 1), text("y".repeat(424), -1))))
                .isInstanceOf(InvalidQueryException.class).hasMessageContaining("longer than 1024");
        assertThat(queries.list(List.of(text("x".repeat(600), 1), text("y".repeat(423), -1))))
                .isInstanceOf(SearchQuery.Weighted.class);
        assertThatThrownBy(() -> queries.list(List.of(text("a", -1),
                new Term(new SearchQuery.SimilarTo("img-1"), -2, null))))
                .isInstanceOf(InvalidQueryException.class).hasMessageContaining("every term is negative");
    }

    @Test
    void weightedQueriesRememberTheirTermsWithoutBytesOrPositions() {
        SearchQuery.Weighted typed = (SearchQuery.Weighted) queries.parse("beach -people");
        SearchQuery.Weighted listed = (SearchQuery.Weighted) queries.list(List.of(text("beach", 1),
                text("people", -1)));
        assertThat(typed.sameTerms(listed)).isTrue();
        assertThat(typed.sameTerms((SearchQuery.Weighted) queries.parse("beach -people:2"))).isFalse();
        assertThat(typed.sameTerms((SearchQuery.Weighted) queries.parse("-people beach"))).isFalse();

        SearchQuery.Weighted upload = new SearchQuery.Weighted(List.of(text("a", 1),
                new Term(new SearchQuery.Upload("ab", new byte[] {1, 2}), 1, null)), false);
        assertThat(upload.withoutBytes().terms().get(1).what()).isEqualTo(new SearchQuery.Upload("ab", null));
        assertThat(upload.sameTerms(new SearchQuery.Weighted(List.of(text("a", 1),
                new Term(new SearchQuery.Upload("ab", new byte[] {9}), 1, null)), false))).isTrue();
        assertThat(new SearchQuery.Weighted(List.of(text("a", 1), new Term(new SearchQuery.SimilarTo("i"), -1, null),
                new Term(new SearchQuery.SimilarTo("j"), 1, null)), false).queryImages()).containsExactly("i", "j");
    }

    private List<Term> terms(String q) {
        SearchQuery query = queries.parse(q);
        assertThat(query).isInstanceOfSatisfying(SearchQuery.Weighted.class, w -> assertThat(w.syntax()).isTrue());
        return ((SearchQuery.Weighted) query).terms();
    }

    private void refused(String q, Consumer<InvalidQueryException> check) {
        assertThatThrownBy(() -> queries.parse(q)).as(q).isInstanceOfSatisfying(InvalidQueryException.class, e -> {
            assertThat(e.syntax()).isTrue();
            check.accept(e);
        });
    }

    private static Term term(String text, double weight, int start, int length) {
        return new Term(new Text(text), weight, new Span(start, length));
    }

    private static Term text(String text, double weight) {
        return new Term(new Text(text), weight, null);
    }
}
