package io.clipstream.testing.shapes;

import java.util.List;
import java.util.Random;

/**
 * A word users coin for one combination of attributes: the tiny CLIP knows each attribute by its own words but has
 * never seen {@code word} (its tokenizer splits it into pieces of other words), so its base ranking for the word is
 * close to chance. Learning it from clicks is the first-day scenario of issue #13.
 *
 * @param phrasings what users type when they mean the concept
 */
public record CoinedConcept(String word, String colour, String size, String background, List<String> phrasings) {

    /** "florp": a large green shape on sand, whatever its shape, pattern or count. */
    public static final CoinedConcept FLORP = new CoinedConcept("florp", "green", "large", "sand",
            List.of("florp", "florps", "a florp", "the florps", "some florps", "florp pictures",
                    "a photo of a florp", "florp photos", "two florps", "my florps", "florp images",
                    "a picture of florps"));

    /** The same concept with only the first {@code n} phrasings. */
    public CoinedConcept withPhrasings(int n) {
        return new CoinedConcept(word, colour, size, background, phrasings.subList(0, n));
    }

    public CoinedConcept {
        new Scene(colour, "circle", "plain", 1, size, background); // checks the attribute values
        phrasings = List.copyOf(phrasings);
    }

    public boolean includes(Scene scene) {
        return scene.colour().equals(colour) && scene.size().equals(size) && scene.background().equals(background);
    }

    /** A member: the concept's attributes, the others drawn at random. */
    public Scene randomMember(Random random) {
        Scene any = Scene.random(random);
        return new Scene(colour, any.shape(), any.pattern(), any.count(), size, background);
    }

    /** In the world's words: "large green shapes on sand". */
    public String meaning() {
        return size + " " + colour + " shapes " + Scene.backgroundPhrase(background);
    }
}
