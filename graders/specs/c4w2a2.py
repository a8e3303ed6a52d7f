"""Hidden grader spec of c4w2a2, "Transfer Learning with MobileNetV2".

Every exercise goes through a probe of `shared_utils.public_tests.c4w2a2`:

- `data_augmenter` through `probe_augmenter`: the kind of object returned, its
  layers and their settings (flip mode, rotation factor), and that it leaves
  pictures unchanged at inference;
- `alpaca_model` through `probe_alpaca`, which passes a known augmentation
  model in: the layer table (the augmentation inside the model, the base as one
  frozen layer, the head), the trainable parameter count, a checksum of the
  base's first convolution (the shipped weights were loaded), and the logits
  for seeded pictures with fixed weights;
- `prepare_fine_tuning` through `probe_fine_tuning`, on a small stand-in base
  of convolution, batch-norm and ReLU layers (the function must work on any
  base): which layers are trainable afterwards, and the optimiser, learning
  rate, loss and metrics it was compiled with.

The cases go beyond the public tests: other picture sizes (the base is fully
convolutional), other first layers to unfreeze (the very first one, the last
one) and other learning rates. The mistakes are the slips learners make:
augmentation layers left outside the model, the base left trainable, a sigmoid
on the output while the loss expects logits (or the wrong `from_logits`), the
pixels not scaled for MobileNetV2, the shipped weights not loaded, the layer
named `fine_tune_at` frozen too, batch norm unfrozen, the learning rate not
lowered.
"""

from __future__ import annotations

import numpy as np

from graders.spec import Case, edit, exercise

SEED = 4202
# The backbone weights alpaca_model loads (checked against the manifest, which the
# sandbox always shows).
DATA = ("datasets/c4/transfer/mobilenet_v2_backbone_v1.weights.h5",)

_AUGMENT = '[keras.layers.RandomFlip("horizontal"), keras.layers.RandomRotation(0.2)]'


@exercise(
    mistakes={
        "vertical_flip": edit(
            'keras.layers.RandomFlip("horizontal")',
            'keras.layers.RandomFlip("vertical")',
            hint='mirror left to right: RandomFlip("horizontal")',
        ),
        "rotation_0_1": edit(
            "keras.layers.RandomRotation(0.2)",
            "keras.layers.RandomRotation(0.1)",
            hint="RandomRotation(0.2): up to a fifth of a full turn either way",
        ),
        "no_rotation": edit(_AUGMENT, '[keras.layers.RandomFlip("horizontal")]'),
        "rotation_first": edit(
            _AUGMENT, '[keras.layers.RandomRotation(0.2), keras.layers.RandomFlip("horizontal")]'
        ),
        "a_list_not_a_model": edit(
            "keras.Sequential(\n        [",
            "(\n        [",
            hint="wrap the layers in keras.Sequential([...])",
        ),
    },
)
def data_augmenter(rng: np.random.Generator) -> list[Case]:
    return [
        Case("pictures of 8 x 8", kwargs={"image_shape": (8, 8, 3), "batch": 2}),
        Case("one picture of 5 x 7", kwargs={"image_shape": (5, 7, 3), "batch": 1}),
        Case("three pictures of 12 x 6", kwargs={"image_shape": (12, 6, 3), "batch": 3}),
    ]


@exercise(
    mistakes={
        "base_left_trainable": edit(
            "    base_model.trainable = False\n",
            "",
            hint="freeze the base before training the head: base_model.trainable = False",
        ),
        "augmentation_outside_the_model": edit(
            "x = data_augmentation(inputs)",
            "x = inputs",
            hint="apply data_augmentation inside the model, to the input tensor",
        ),
        "pixels_not_preprocessed": edit(
            "    x = keras.applications.mobilenet_v2.preprocess_input(x)\n",
            "",
            hint="scale the pixels to [-1, 1] with preprocess_input before the base",
        ),
        "sigmoid_output": edit(
            "keras.layers.Dense(1)(x)",
            'keras.layers.Dense(1, activation="sigmoid")(x)',
            hint="the model outputs a logit: Dense(1) without an activation",
        ),
        "weights_not_loaded": edit(
            "    base_model.load_weights(backbone_weights_path())\n",
            "",
            hint="load the shipped weights: base_model.load_weights(backbone_weights_path())",
        ),
        "no_dropout": edit("    x = keras.layers.Dropout(0.2)(x)\n", ""),
        "flatten_instead_of_pooling": edit(
            "keras.layers.GlobalAveragePooling2D()(x)", "keras.layers.Flatten()(x)"
        ),
    },
    depends=("data_augmenter",),
    rtol=1e-4,  # float32 logits, as in the public test
    atol=1e-6,
    timeout_s=40.0,
)
def alpaca_model(rng: np.random.Generator) -> list[Case]:
    return [
        Case("96 x 96 pictures", ((96, 96),)),
        Case("64 x 80 pictures", ((64, 80),), {"batch": 1}),
        Case("128 x 128 pictures, weights seed 4", ((128, 128),), {"weight_seed": 4}),
    ]


@exercise(
    mistakes={
        "wrong_from_logits": edit(
            "BinaryCrossentropy(from_logits=True)",
            "BinaryCrossentropy(from_logits=False)",
            hint="the model outputs logits: BinaryCrossentropy(from_logits=True)",
        ),
        "learning_rate_not_lowered": edit(
            "learning_rate=0.1 * base_learning_rate",
            "learning_rate=base_learning_rate",
            hint="fine-tune with a tenth of the head's learning rate",
        ),
        "batch_norm_unfrozen": edit(
            "    keep_batch_norm_frozen(base_model)\n",
            "",
            hint="keep the base's batch-norm layers frozen: keep_batch_norm_frozen(base_model)",
        ),
        "named_layer_frozen_too": edit(
            "base_model.layers[:first]",
            "base_model.layers[:first + 1]",
            hint="the layer named fine_tune_at is the first one that trains again",
        ),
        "base_never_unfrozen": edit("    base_model.trainable = True\n", ""),
        "not_compiled_again": edit(
            "    model.compile(\n"
            "        loss=keras.losses.BinaryCrossentropy(from_logits=True),\n"
            "        optimizer=keras.optimizers.Adam(learning_rate=0.1 * base_learning_rate),\n"
            '        metrics=[keras.metrics.BinaryAccuracy(threshold=0.0, name="accuracy")],\n'
            "    )\n",
            "",
            hint="compile the model again: Keras applies trainable changes at compile",
        ),
        "accuracy_for_probabilities": edit(
            'metrics=[keras.metrics.BinaryAccuracy(threshold=0.0, name="accuracy")]',
            'metrics=["accuracy"]',
            hint="the outputs are logits: measure accuracy with BinaryAccuracy(threshold=0.0)",
        ),
        "everything_unfrozen": edit(
            "    for layer in base_model.layers[:first]:\n        layer.trainable = False\n", ""
        ),
    },
)
def prepare_fine_tuning(rng: np.random.Generator) -> list[Case]:
    return [
        Case("from 'block_3_conv', learning rate 0.002", ("block_3_conv", 0.002)),
        Case(
            "3 blocks, from the first convolution, learning rate 0.01",
            ("block_1_conv", 0.01),
            {"depth": 3},
        ),
        Case(
            "5 blocks, from the last ReLU, learning rate 0.0005",
            ("block_5_relu", 0.0005),
            {"depth": 5},
        ),
    ]
