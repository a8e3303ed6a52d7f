"""The only table from assignment id to folder, notebook and graded exercises.

Everything else (public tests, grader specs, reference outputs, data, fixtures)
is found from the id, so a new assignment is one entry here plus the files
named after its id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Exercise:
    """One graded function: its name (the `# GRADED FUNCTION:` header) and points."""

    name: str
    points: int = 10


@dataclass(frozen=True)
class Assignment:
    """One assignment notebook and its graded exercises, in notebook order."""

    id: str
    course: str
    folder: str
    notebook: str
    title: str
    exercises: tuple[Exercise, ...]

    @property
    def source_dir(self) -> Path:
        """Folder of the nbgrader source notebook inside the repository."""
        return REPO_ROOT / self.course / self.folder

    @property
    def source_notebook(self) -> Path:
        """Path of the nbgrader source notebook (solutions inside)."""
        return self.source_dir / self.notebook

    @property
    def exercise_names(self) -> tuple[str, ...]:
        return tuple(e.name for e in self.exercises)

    @property
    def total_points(self) -> int:
        return sum(e.points for e in self.exercises)

    def exercise(self, name: str) -> Exercise:
        for ex in self.exercises:
            if ex.name == name:
                return ex
        raise KeyError(f"{self.id} has no exercise named {name!r}")


COURSES = {
    "c1": "C1_NeuralNetworks",
    "c2": "C2_Improving",
    "c3": "C3_Structuring",
    "c4": "C4_CNN",
    "c5": "C5_Sequence",
}


def _assignment(assignment_id: str, folder: str, title: str, *names: str) -> Assignment:
    """One registry entry: the course folder comes from the id, the notebook from the folder.

    `W2_A1_Python_Basics_with_Numpy` holds `Python_Basics_with_Numpy.ipynb`.
    """
    notebook = re.sub(r"^W\d+_A\d+_", "", folder) + ".ipynb"
    return Assignment(
        id=assignment_id,
        course=COURSES[assignment_id[:2]],
        folder=folder,
        notebook=notebook,
        title=title,
        exercises=tuple(Exercise(name) for name in names),
    )


ASSIGNMENTS: dict[str, Assignment] = {
    a.id: a
    for a in (
        # Course 1: neural networks and deep learning
        _assignment(
            "c1w2a1",
            "W2_A1_Python_Basics_with_Numpy",
            "Python basics with numpy",
            *("basic_sigmoid", "sigmoid", "sigmoid_derivative", "image2vector"),
            *("normalize_rows", "softmax", "L1", "L2"),
        ),
        _assignment(
            "c1w2a2",
            "W2_A2_Logistic_Regression",
            "Logistic regression as a neural network",
            *("flatten_and_standardize", "sigmoid", "initialize_with_zeros", "propagate"),
            *("optimize", "predict", "model"),
        ),
        _assignment(
            "c1w3a1",
            "W3_A1_Planar_Data_Classification",
            "Planar data classification with one hidden layer",
            *("layer_sizes", "initialize_parameters", "forward_propagation", "compute_cost"),
            *("backward_propagation", "update_parameters", "nn_model", "predict"),
        ),
        _assignment(
            "c1w4a1",
            "W4_A1_Deep_Network_Step_by_Step",
            "Building a deep neural network step by step",
            *("initialize_parameters", "initialize_parameters_deep", "linear_forward"),
            *("linear_activation_forward", "L_model_forward", "compute_cost"),
            *("linear_backward", "linear_activation_backward", "L_model_backward"),
            "update_parameters",
        ),
        _assignment(
            "c1w4a2",
            "W4_A2_Deep_Network_Application",
            "Deep neural network for image classification",
            *("two_layer_model", "L_layer_model"),
        ),
        # Course 2: improving deep neural networks
        _assignment(
            "c2w1a1",
            "W1_A1_Initialization",
            "Initialization",
            *("initialize_parameters_zeros", "initialize_parameters_random"),
            "initialize_parameters_he",
        ),
        _assignment(
            "c2w1a2",
            "W1_A2_Regularization",
            "Regularization",
            *("compute_cost_with_regularization", "backward_propagation_with_regularization"),
            *("forward_propagation_with_dropout", "backward_propagation_with_dropout"),
        ),
        _assignment(
            "c2w1a3",
            "W1_A3_Gradient_Checking",
            "Gradient checking",
            *("forward_propagation", "backward_propagation", "gradient_check"),
            "gradient_check_n",
        ),
        _assignment(
            "c2w2a1",
            "W2_A1_Optimization_Methods",
            "Optimization methods",
            *("update_parameters_with_gd", "random_mini_batches", "initialize_velocity"),
            *("update_parameters_with_momentum", "initialize_adam"),
            *("update_parameters_with_adam", "update_lr", "schedule_lr_decay"),
        ),
        _assignment(
            "c2w3a1",
            "W3_A1_TensorFlow_Introduction",
            "Introduction to TensorFlow",
            *("linear_function", "sigmoid", "one_hot_matrix", "initialize_parameters"),
            *("forward_propagation", "compute_total_loss"),
        ),
        _assignment(
            "c2w3a2",
            "W3_A2_Tuning_and_Batch_Norm",
            "Hyperparameter tuning and batch normalisation",
            *("sample_hyperparameters", "batchnorm_forward", "batchnorm_backward"),
        ),
        # Course 3: structuring machine learning projects (case studies)
        _assignment(
            "c3w1a1",
            "W1_A1_Bird_Detection_Case_Study",
            "Bird detection: metrics, splits, human-level performance",
            *("precision_recall_f1", "pick_model", "make_splits"),
            *("avoidable_bias_and_variance", "next_step"),
        ),
        _assignment(
            "c3w2a1",
            "W2_A1_Driving_Case_Study",
            "Autonomous driving: error analysis, mismatched data, transfer, multi-task",
            *("error_analysis_table", "split_with_train_dev", "diagnose_mismatch"),
            *("multitask_loss", "transfer_pays_off"),
        ),
        # Course 4: convolutional neural networks
        _assignment(
            "c4w1a1",
            "W1_A1_Convolution_Step_by_Step",
            "Convolutional networks step by step",
            *("zero_pad", "conv_single_step", "conv_forward", "pool_forward"),
            *("conv_backward", "create_mask_from_window", "distribute_value", "pool_backward"),
        ),
        _assignment(
            "c4w1a2",
            "W1_A2_Convolution_Application",
            "Convolutional networks application (Happy faces, SIGNS)",
            *("happyModel", "convolutional_model"),
        ),
        _assignment(
            "c4w2a1",
            "W2_A1_Residual_Networks",
            "Residual networks",
            *("identity_block", "convolutional_block", "ResNet50"),
        ),
        _assignment(
            "c4w2a2",
            "W2_A2_Transfer_Learning_MobileNetV2",
            "Transfer learning with MobileNetV2",
            *("data_augmenter", "alpaca_model", "prepare_fine_tuning"),
        ),
        _assignment(
            "c4w3a1",
            "W3_A1_Car_Detection_YOLO",
            "Car detection with YOLO",
            *("yolo_filter_boxes", "iou", "yolo_non_max_suppression", "yolo_eval"),
        ),
        _assignment(
            "c4w3a2",
            "W3_A2_Image_Segmentation_UNet",
            "Image segmentation with U-Net",
            *("conv_block", "upsampling_block", "unet_model"),
        ),
        _assignment(
            "c4w4a1",
            "W4_A1_Face_Recognition",
            "Face recognition",
            *("triplet_loss", "verify", "who_is_it"),
        ),
        _assignment(
            "c4w4a2",
            "W4_A2_Neural_Style_Transfer",
            "Neural style transfer",
            *("compute_content_cost", "gram_matrix", "compute_layer_style_cost"),
            *("total_cost", "train_step"),
        ),
        # Course 5: sequence models
        _assignment(
            "c5w1a1",
            "W1_A1_RNN_Step_by_Step",
            "Recurrent neural networks step by step",
            *("rnn_cell_forward", "rnn_forward", "lstm_cell_forward", "lstm_forward"),
            *("rnn_cell_backward", "rnn_backward", "lstm_cell_backward", "lstm_backward"),
        ),
        _assignment(
            "c5w1a2",
            "W1_A2_Dinosaur_Names",
            "Character-level language model: dinosaur names",
            *("clip", "sample", "optimize", "model"),
        ),
        _assignment(
            "c5w1a3",
            "W1_A3_Music_LSTM",
            "Music generation with an LSTM (Bach chorales)",
            *("djmodel", "music_inference_model", "predict_and_sample"),
        ),
        _assignment(
            "c5w2a1",
            "W2_A1_Word_Vectors",
            "Operations on word vectors, with debiasing",
            *("cosine_similarity", "complete_analogy", "neutralize", "equalize"),
        ),
        _assignment(
            "c5w2a2",
            "W2_A2_Emojify",
            "Emojify",
            *("sentence_to_avg", "model", "sentences_to_indices"),
            *("pretrained_embedding_layer", "Emojify_V2"),
        ),
        _assignment(
            "c5w3a1",
            "W3_A1_Date_Translation_Attention",
            "Date translation with attention",
            *("one_step_attention", "modelf"),
        ),
        _assignment(
            "c5w3a2",
            "W3_A2_Trigger_Word_Detection",
            "Trigger word detection",
            *("is_overlapping", "insert_audio_clip", "insert_ones"),
            *("create_training_example", "modelf"),
        ),
        _assignment(
            "c5w4a1",
            "W4_A1_Transformer",
            "The Transformer",
            *("get_angles", "positional_encoding", "scaled_dot_product_attention"),
            *("EncoderLayer", "Encoder", "DecoderLayer", "Decoder", "Transformer"),
        ),
    )
}


class UnknownAssignmentError(LookupError):
    """Raised for an assignment id that is not in the registry."""


def get_assignment(assignment_id: str) -> Assignment:
    """Return the registry entry for `assignment_id` or raise a one-line error."""
    try:
        return ASSIGNMENTS[assignment_id.lower()]
    except KeyError:
        known = ", ".join(sorted(ASSIGNMENTS))
        raise UnknownAssignmentError(
            f"unknown assignment id {assignment_id!r} (known: {known})"
        ) from None
