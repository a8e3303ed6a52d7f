"""The only table from assignment id to folder, notebook and graded exercises.

Everything else (public tests, grader specs, reference outputs, data, fixtures)
is found from the id, so a new assignment is one entry here plus the files
named after its id.
"""

from __future__ import annotations

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


def _exercises(*names: str, points: int = 10) -> tuple[Exercise, ...]:
    return tuple(Exercise(n, points) for n in names)


ASSIGNMENTS: dict[str, Assignment] = {
    a.id: a
    for a in (
        Assignment(
            id="c1w2a1",
            course="C1_NeuralNetworks",
            folder="W2_A1_Python_Basics_with_Numpy",
            notebook="Python_Basics_with_Numpy.ipynb",
            title="Python basics with numpy",
            exercises=_exercises(
                "basic_sigmoid",
                "sigmoid",
                "sigmoid_derivative",
                "image2vector",
                "normalize_rows",
                "softmax",
                "L1",
                "L2",
            ),
        ),
        Assignment(
            id="c1w2a2",
            course="C1_NeuralNetworks",
            folder="W2_A2_Logistic_Regression",
            notebook="Logistic_Regression.ipynb",
            title="Logistic regression as a neural network",
            exercises=_exercises(
                "flatten_and_standardize",
                "sigmoid",
                "initialize_with_zeros",
                "propagate",
                "optimize",
                "predict",
                "model",
            ),
        ),
        Assignment(
            id="c1w3a1",
            course="C1_NeuralNetworks",
            folder="W3_A1_Planar_Data_Classification",
            notebook="Planar_Data_Classification.ipynb",
            title="Planar data classification with one hidden layer",
            exercises=_exercises(
                "layer_sizes",
                "initialize_parameters",
                "forward_propagation",
                "compute_cost",
                "backward_propagation",
                "update_parameters",
                "nn_model",
                "predict",
            ),
        ),
        Assignment(
            id="c1w4a1",
            course="C1_NeuralNetworks",
            folder="W4_A1_Deep_Network_Step_by_Step",
            notebook="Deep_Network_Step_by_Step.ipynb",
            title="Building a deep neural network step by step",
            exercises=_exercises(
                "initialize_parameters",
                "initialize_parameters_deep",
                "linear_forward",
                "linear_activation_forward",
                "L_model_forward",
                "compute_cost",
                "linear_backward",
                "linear_activation_backward",
                "L_model_backward",
                "update_parameters",
            ),
        ),
        Assignment(
            id="c1w4a2",
            course="C1_NeuralNetworks",
            folder="W4_A2_Deep_Network_Application",
            notebook="Deep_Network_Application.ipynb",
            title="Deep neural network for image classification",
            exercises=_exercises("two_layer_model", "L_layer_model"),
        ),
        Assignment(
            id="c2w1a1",
            course="C2_Improving",
            folder="W1_A1_Initialization",
            notebook="Initialization.ipynb",
            title="Initialization",
            exercises=_exercises(
                "initialize_parameters_zeros",
                "initialize_parameters_random",
                "initialize_parameters_he",
            ),
        ),
        Assignment(
            id="c2w1a2",
            course="C2_Improving",
            folder="W1_A2_Regularization",
            notebook="Regularization.ipynb",
            title="Regularization",
            exercises=_exercises(
                "compute_cost_with_regularization",
                "backward_propagation_with_regularization",
                "forward_propagation_with_dropout",
                "backward_propagation_with_dropout",
            ),
        ),
        Assignment(
            id="c2w1a3",
            course="C2_Improving",
            folder="W1_A3_Gradient_Checking",
            notebook="Gradient_Checking.ipynb",
            title="Gradient checking",
            exercises=_exercises(
                "forward_propagation",
                "backward_propagation",
                "gradient_check",
                "gradient_check_n",
            ),
        ),
        Assignment(
            id="c2w2a1",
            course="C2_Improving",
            folder="W2_A1_Optimization_Methods",
            notebook="Optimization_Methods.ipynb",
            title="Optimization methods",
            exercises=_exercises(
                "update_parameters_with_gd",
                "random_mini_batches",
                "initialize_velocity",
                "update_parameters_with_momentum",
                "initialize_adam",
                "update_parameters_with_adam",
                "update_lr",
                "schedule_lr_decay",
            ),
        ),
        Assignment(
            id="c2w3a1",
            course="C2_Improving",
            folder="W3_A1_TensorFlow_Introduction",
            notebook="TensorFlow_Introduction.ipynb",
            title="Introduction to TensorFlow",
            exercises=_exercises(
                "linear_function",
                "sigmoid",
                "one_hot_matrix",
                "initialize_parameters",
                "forward_propagation",
                "compute_total_loss",
            ),
        ),
        Assignment(
            id="c2w3a2",
            course="C2_Improving",
            folder="W3_A2_Tuning_and_Batch_Norm",
            notebook="Tuning_and_Batch_Norm.ipynb",
            title="Hyperparameter tuning and batch normalisation",
            exercises=_exercises(
                "sample_hyperparameters",
                "batchnorm_forward",
                "batchnorm_backward",
            ),
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
