package io.clipstream.trainer.learn;

/** The contrastive objective. */
public enum LossKind {
    /** Symmetric InfoNCE over in-batch negatives (CLIP): a softmax per text row and per image column. */
    INFO_NCE,
    /** Pairwise sigmoid (SigLIP): every text-image pair of the batch is one binary decision. */
    SIGMOID
}
