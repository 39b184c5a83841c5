"""numerics.nets.a5: the group A5, the word-problem generator and the exact dense Linear CDE."""
from itertools import permutations

import numpy as np
import pytest
from sympy.combinatorics import Permutation
from sympy.combinatorics.named_groups import AlternatingGroup

from numerics import InputError
from numerics.nets import a5


def _direct_product(sequence):
    """x_1 . ... . x_k by composing the one-line tuples, g first then h: (g . h)(i) = h(g(i))."""
    current = tuple(range(5))
    for token in sequence:
        element = a5.ELEMENTS[token]
        current = tuple(element[current[i]] for i in range(5))
    return current


def test_the_group_has_60_even_elements_identity_first_and_is_closed():
    assert len(a5.ELEMENTS) == 60 == len(set(a5.ELEMENTS))
    assert a5.ELEMENTS[a5.IDENTITY] == (0, 1, 2, 3, 4)
    assert list(a5.ELEMENTS) == sorted(a5.ELEMENTS)                           # documented order
    assert all(Permutation(list(p)).is_even for p in a5.ELEMENTS)
    assert {tuple(Permutation(list(p)).array_form) for p in a5.ELEMENTS} == \
        {tuple(p.array_form) for p in AlternatingGroup(5).elements}            # sympy's A5
    odd = [p for p in permutations(range(5)) if not Permutation(list(p)).is_even]
    assert not set(odd) & set(a5.ELEMENTS)
    table = a5.TABLE
    assert table.shape == (60, 60) and table.min() >= 0 and table.max() < 60     # closure
    assert (table[a5.IDENTITY] == np.arange(60)).all() and (table[:, a5.IDENTITY] == np.arange(60)).all()
    assert all(sorted(row) == list(range(60)) for row in table)                 # Latin square: inverses exist
    g, h, k = np.meshgrid(np.arange(60), np.arange(60), np.arange(60), indexing="ij")
    assert (table[table[g, h], k] == table[g, table[h, k]]).all()               # associativity
    assert (table != table.T).any()                                             # not abelian


def test_convention_and_matrices():
    g, h = a5.ELEMENTS[7], a5.ELEMENTS[31]
    assert a5.compose(g, h) == tuple(h[g[i]] for i in range(5))
    # P_(g . h) = P_h P_g, the Linear CDE's order (earliest letter acts first)
    assert (a5.permutation_matrix(a5.compose(g, h)) == a5.permutation_matrix(h) @ a5.permutation_matrix(g)).all()
    assert all(int(round(np.linalg.det(m))) == 1 for m in a5.MATRICES)         # even: det +1


def test_generator_targets_against_direct_products_and_split():
    problem = a5.word_problem(7, 300, seed=5)
    assert problem.tokens.shape == problem.targets.shape == (300, 7)
    assert len({tuple(row) for row in problem.tokens}) == 300                   # distinct sequences
    for row, target in zip(problem.tokens, problem.targets):
        for k in range(1, 8):
            assert a5.ELEMENTS[target[k - 1]] == _direct_product(row[:k])
    again = a5.word_problem(7, 300, seed=5)
    assert (again.tokens == problem.tokens).all()
    assert not (a5.word_problem(7, 300, seed=6).tokens == problem.tokens).all()
    train, valid = a5.split(problem)
    assert len(train) == 240 and len(valid) == 60
    assert not {tuple(r) for r in train.tokens} & {tuple(r) for r in valid.tokens}
    every = a5.word_problem(3, 216_000, seed=1)
    assert every.exhaustive and len({tuple(r) for r in every.tokens}) == 216_000
    pairs = a5.auxiliary_pairs(3)
    assert len(pairs) == 3600 and (pairs.targets[:, 1] == a5.TABLE[pairs.tokens[:, 0], pairs.tokens[:, 1]]).all()


def test_bad_input_gets_a_one_line_error_naming_the_argument():
    for call, name in ((lambda: a5.word_problem(1, 10, 0), "length"), (lambda: a5.word_problem(3, 0, 0), "samples"),
                       (lambda: a5.word_problem(3, 10, -1), "seed"),
                       (lambda: a5.running_products([[0, 60]]), "tokens"),
                       (lambda: a5.index_of((1, 0, 2, 3, 4)), "permutation"),
                       (lambda: a5.split(a5.word_problem(3, 10, 0), 1.5), "fraction")):
        with pytest.raises(InputError) as error:
            call()
        message = str(error.value)
        assert message.startswith(name + ":") and "\n" not in message


def test_dense_cde_tracks_the_running_product_exactly():
    every = a5.word_problem(3, 216_000, seed=2)
    states = a5.dense_cde_states(every.tokens)
    assert states.dtype == np.int64 and states.shape == (216_000, 3, 5)
    assert (a5.read_state(states) == every.targets).all()
    assert (a5.dense_wronskians(every.tokens) == a5.MATRICES[every.targets]).all()
    long = a5.word_problem(20, 500, seed=3)
    assert (a5.read_state(a5.dense_cde_states(long.tokens)) == long.targets).all()
    # a wrong construction fails: the latest token acting first
    reversed_states = a5.dense_cde_states(long.tokens[:, ::-1].copy())
    assert (a5.read_state(reversed_states)[:, -1] != long.targets[:, -1]).any()
    # the state is P_pi Z_0 = one-line notation of pi^(-1)
    pi = a5.ELEMENTS[long.targets[0, -1]]
    assert tuple(a5.dense_cde_states(long.tokens[:1])[0, -1]) == a5.inverse(pi)
    assert (a5.read_state(np.array([[0, 0, 1, 2, 3]])) == -1).all()
