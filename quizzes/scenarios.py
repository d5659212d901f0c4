"""The scenario engine: a scenario page's blocks as a plain "spec", the trainer's rules checked on it, and the moves a
learner makes through it. Pure functions over dicts, so an attempt can keep the spec it started with.

A spec is `{"variables": [...], "nodes": [...]}`; each node is a step (`choices` with `id`, `text`, `feedback`,
`score`, `effects` as `[variable, change]` pairs and `next`), a branch (`rules` of `conditions` `[variable, operator,
value]` and `goto`, then `otherwise`) or an ending (`outcome`, `title`, `debrief`). The first step starts the
scenario. Variables stay between their minimum and maximum after every choice; "score" may be tested by branches.
"""

from __future__ import annotations

import operator
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

SCORE = "score"
OPERATORS = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "==": operator.eq,
    "!=": operator.ne,
}


class ScenarioError(Exception):
    """The spec cannot take this move (an unknown choice, or a spec that never passed validation)."""


@dataclass(frozen=True)
class Problem:
    """One broken rule. `index` is the block's position in its field (None for the scenario as a whole)."""

    message: str
    index: int | None = None
    field: str = "steps"


@dataclass
class Move:
    """The result of one choice: the choice made, the new score and variables, and where the learner is now
    (a step or an ending), with the branches passed on the way."""

    choice: dict
    score: int
    variables: dict[str, int]
    node: dict
    via: list[str] = field(default_factory=list)

    @property
    def is_ending(self) -> bool:
        return self.node["kind"] == "ending"


# --- Building the spec from the page's blocks -----------------------------------------------------------------------


def build_spec(*, variables: Iterable, steps: Iterable) -> dict:
    """Turn the `variables` and `steps` StreamField values of a scenario page into a spec."""
    spec_variables = [
        {
            "key": block.value.get("key") or "",
            "label": block.value.get("label") or "",
            "initial": block.value.get("initial") or 0,
            "minimum": block.value.get("minimum") or 0,
            "maximum": block.value.get("maximum") if block.value.get("maximum") is not None else 100,
        }
        for block in variables
    ]
    nodes = []
    for block in steps:
        value = block.value
        if block.block_type == "step":
            nodes.append(
                {
                    "kind": "step",
                    "key": value.get("key") or "",
                    "clock": value.get("clock") or "",
                    "situation": _rich_text_source(value.get("situation")),
                    "posts": [dict(post) for post in value.get("posts") or []],
                    "choices": [_choice(child) for child in _list_children(value.get("choices"))],
                }
            )
        elif block.block_type == "branch":
            nodes.append(
                {
                    "kind": "branch",
                    "key": value.get("key") or "",
                    "rules": [
                        {
                            "conditions": [
                                [
                                    condition.get("variable") or "",
                                    condition.get("operator") or ">=",
                                    condition.get("value") or 0,
                                ]
                                for condition in rule.get("conditions") or []
                            ],
                            "goto": rule.get("goto") or "",
                        }
                        for rule in value.get("rules") or []
                    ],
                    "otherwise": value.get("otherwise") or "",
                }
            )
        elif block.block_type == "ending":
            nodes.append(
                {
                    "kind": "ending",
                    "key": value.get("key") or "",
                    "outcome": value.get("outcome") or "mixed",
                    "title": value.get("title") or "",
                    "debrief": _rich_text_source(value.get("debrief")),
                    "lines": [_debrief_line(line) for _id, line in _list_children(value.get("lines"))],
                }
            )
    return {"variables": spec_variables, "nodes": nodes}


def _debrief_line(value) -> dict:
    return {
        "step": value.get("step") or "",
        "choice": value.get("choice") or None,
        "conditions": [
            [c.get("variable") or "", c.get("operator") or ">=", c.get("value") or 0]
            for c in value.get("conditions") or []
        ],
        "text": value.get("text") or "",
    }


def _rich_text_source(value) -> str:
    if value is None:
        return ""
    return getattr(value, "source", str(value))


def _list_children(value) -> list:
    """(id, value) of each item of a ListBlock value, whether it arrived as a ListValue or a plain list."""
    if value is None:
        return []
    if hasattr(value, "bound_blocks"):
        return [(child.id or "", child.value) for child in value.bound_blocks]
    return [("", item) for item in value]


def _choice(child) -> dict:
    choice_id, value = child
    return {
        "id": choice_id,
        "text": value.get("text") or "",
        "feedback": value.get("feedback") or "",
        "score": value.get("score") or 0,
        "effects": [[effect.get("variable") or "", effect.get("change") or 0] for effect in value.get("effects") or []],
        "next": value.get("next") or "",
    }


# --- Reading the spec ------------------------------------------------------------------------------------------------


def nodes_by_key(spec: dict) -> dict[str, dict]:
    """Nodes by key; with a duplicated key the first block wins (validation reports the others)."""
    found: dict[str, dict] = {}
    for node in spec["nodes"]:
        found.setdefault(node["key"], node)
    return found


def start_key(spec: dict) -> str | None:
    return next((node["key"] for node in spec["nodes"] if node["kind"] == "step"), None)


def describe(node: dict) -> str:
    """“Step “H1”” / “Branch “ROUTE”” / “Ending “GOOD””: how messages name a block."""
    if node["kind"] == "step":
        return _("Step “%(key)s”") % {"key": node["key"]}
    if node["kind"] == "branch":
        return _("Branch “%(key)s”") % {"key": node["key"]}
    return _("Ending “%(key)s”") % {"key": node["key"]}


def _targets(node: dict) -> list[str]:
    if node["kind"] == "step":
        return [choice["next"] for choice in node["choices"]]
    if node["kind"] == "branch":
        return [rule["goto"] for rule in node["rules"]] + [node["otherwise"]]
    return []


def _quoted(keys: Iterable[str]) -> str:
    return ", ".join(f"“{key}”" for key in keys)


# --- The trainer's rules ---------------------------------------------------------------------------------------------


def validate_spec(spec: dict) -> list[Problem]:
    """Every rule a scenario must follow, each broken one as a Problem naming its block: targets exist, every block
    is reachable from the first step, every block can reach an ending, no loop without a way out (and no loop of
    branches alone), at least one step and one ending, variables declared once and used only when declared."""
    problems: list[Problem] = []
    nodes = spec["nodes"]
    declared: set[str] = set()
    for index, variable in enumerate(spec["variables"]):
        if variable["key"] in declared:
            problems.append(
                Problem(
                    _("Another variable already uses the key “%(key)s”.") % {"key": variable["key"]}, index, "variables"
                )
            )
        declared.add(variable["key"])

    if not any(node["kind"] == "step" for node in nodes):
        problems.append(Problem(_("Add at least one step: the first step starts the scenario.")))
    if not any(node["kind"] == "ending" for node in nodes):
        problems.append(Problem(_("Add at least one ending.")))

    by_key = nodes_by_key(spec)
    for index, node in enumerate(nodes):
        if by_key[node["key"]] is not node:
            problems.append(
                Problem(
                    _(
                        "%(what)s uses a key that an earlier block already has: give each step, branch and ending its own key."
                    )
                    % {"what": describe(node)},
                    index,
                )
            )
        problems.extend(_node_problems(node, index, by_key, declared))

    start = start_key(spec)
    if start is None:
        return problems
    edges = {key: [target for target in _targets(node) if target in by_key] for key, node in by_key.items()}
    reachable = _reachable([start], edges)
    reverse: dict[str, list[str]] = {key: [] for key in by_key}
    for key, targets in edges.items():
        for target in targets:
            reverse[target].append(key)
    can_end = _reachable([key for key, node in by_key.items() if node["kind"] == "ending"], reverse)
    trapped = [key for key in by_key if key not in can_end]
    loops = [c for c in _strongly_connected(trapped, edges) if len(c) > 1 or c[0] in edges[c[0]]]
    in_loop = {key: component for component in loops for key in component}
    branch_edges = {
        key: [target for target in targets if by_key[target]["kind"] == "branch"]
        for key, targets in edges.items()
        if by_key[key]["kind"] == "branch"
    }
    branch_loops = [
        c for c in _strongly_connected(list(branch_edges), branch_edges) if len(c) > 1 or c[0] in branch_edges[c[0]]
    ]
    in_branch_loop = {key: component for component in branch_loops for key in component}

    for index, node in enumerate(nodes):
        key = node["key"]
        if by_key[key] is not node:
            continue
        what = describe(node)
        if key not in reachable:
            problems.append(
                Problem(
                    _("%(what)s cannot be reached from the first step “%(start)s”.") % {"what": what, "start": start},
                    index,
                )
            )
        if key in in_loop:
            problems.append(
                Problem(
                    _("%(what)s is part of a loop with no way out to an ending (%(keys)s).")
                    % {"what": what, "keys": _quoted(_in_block_order(in_loop[key], nodes))},
                    index,
                )
            )
        elif key not in can_end:
            problems.append(Problem(_("%(what)s cannot reach an ending.") % {"what": what}, index))
        if key in in_branch_loop:
            problems.append(
                Problem(
                    _(
                        "%(what)s leads back to itself through branches alone (%(keys)s), so a learner could go round for ever."
                    )
                    % {"what": what, "keys": _quoted(_in_block_order(in_branch_loop[key], nodes))},
                    index,
                )
            )
    return problems


def _node_problems(node: dict, index: int, by_key: dict[str, dict], declared: set[str]) -> list[Problem]:
    what = describe(node)
    problems = []
    missing = _("%(where)s leads to “%(target)s”, which is not a step, branch or ending of this scenario.")
    undeclared_effect = _("%(where)s changes “%(variable)s”, which is not a declared variable.")
    undeclared_test = _("%(where)s tests “%(variable)s”, which is not a declared variable.")
    if node["kind"] == "step":
        for number, choice in enumerate(node["choices"], start=1):
            where = _("%(what)s, choice %(number)s") % {"what": what, "number": number}
            if choice["next"] not in by_key:
                problems.append(Problem(missing % {"where": where, "target": choice["next"]}, index))
            for variable, _change in choice["effects"]:
                if variable not in declared:
                    problems.append(Problem(undeclared_effect % {"where": where, "variable": variable}, index))
    elif node["kind"] == "branch":
        for number, rule in enumerate(node["rules"], start=1):
            where = _("%(what)s, rule %(number)s") % {"what": what, "number": number}
            if rule["goto"] not in by_key:
                problems.append(Problem(missing % {"where": where, "target": rule["goto"]}, index))
            for variable, _operator, _value in rule["conditions"]:
                if variable not in declared and variable != SCORE:
                    problems.append(Problem(undeclared_test % {"where": where, "variable": variable}, index))
        if node["otherwise"] not in by_key:
            where = _("%(what)s, otherwise,") % {"what": what}
            problems.append(Problem(missing % {"where": where, "target": node["otherwise"]}, index))
    elif node["kind"] == "ending":
        for number, line in enumerate(node.get("lines", []), start=1):
            where = _("%(what)s, debrief line %(number)s") % {"what": what, "number": number}
            step = by_key.get(line["step"]) if line["step"] else None
            if line["step"] and (step is None or step["kind"] != "step"):
                problems.append(
                    Problem(
                        _("%(where)s names “%(step)s”, which is not a step of this scenario.")
                        % {"where": where, "step": line["step"]},
                        index,
                    )
                )
            elif step is not None and not 1 <= (line["choice"] or 0) <= len(step["choices"]):
                problems.append(
                    Problem(
                        _("%(where)s names choice %(choice)s, but “%(step)s” has %(n)s choices.")
                        % {"where": where, "choice": line["choice"], "step": line["step"], "n": len(step["choices"])},
                        index,
                    )
                )
            for variable, _operator, _value in line["conditions"]:
                if variable not in declared and variable != SCORE:
                    problems.append(Problem(undeclared_test % {"where": where, "variable": variable}, index))
    return problems


def _reachable(starts: list[str], edges: dict[str, list[str]]) -> set[str]:
    seen = set(starts)
    queue = deque(starts)
    while queue:
        for target in edges.get(queue.popleft(), []):
            if target not in seen:
                seen.add(target)
                queue.append(target)
    return seen


def _strongly_connected(keys: list[str], edges: dict[str, list[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components of the graph restricted to `keys` (iterative, no recursion limit)."""
    allowed = set(keys)
    index_of: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []
    counter = 0
    for root in keys:
        if root in index_of:
            continue
        work = [(root, iter([t for t in edges.get(root, []) if t in allowed]))]
        index_of[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            key, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index_of:
                    index_of[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter([t for t in edges.get(child, []) if t in allowed])))
                elif child in on_stack:
                    low[key] = min(low[key], index_of[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[key])
            if low[key] == index_of[key]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == key:
                        break
                components.append(component)
    return components


def _in_block_order(keys: list[str], nodes: list[dict]) -> list[str]:
    order = {node["key"]: index for index, node in reversed(list(enumerate(nodes)))}
    return sorted(keys, key=lambda key: order[key])


# --- Playing the scenario --------------------------------------------------------------------------------------------


def initial_variables(spec: dict) -> dict[str, int]:
    return {variable["key"]: variable["initial"] for variable in spec["variables"]}


def find_choice(node: dict, choice_id: str) -> dict:
    for choice in node.get("choices", []):
        if choice["id"] and choice["id"] == choice_id:
            return choice
    raise ScenarioError(f"step {node['key']!r} has no choice {choice_id!r}")


def apply_choice(spec: dict, *, node_key: str, variables: dict[str, int], score: int, choice_id: str) -> Move:
    """Take one choice from the step `node_key`: add its score, move the variables (kept within their bounds) and
    follow branches until a step or an ending."""
    by_key = nodes_by_key(spec)
    node = by_key.get(node_key)
    if node is None or node["kind"] != "step":
        raise ScenarioError(f"{node_key!r} is not a step")
    choice = find_choice(node, choice_id)
    bounds = {variable["key"]: (variable["minimum"], variable["maximum"]) for variable in spec["variables"]}
    moved = dict(variables)
    for variable, change in choice["effects"]:
        if variable in bounds:
            low, high = bounds[variable]
            moved[variable] = max(low, min(high, moved.get(variable, 0) + change))
    new_score = score + choice["score"]
    target, via = resolve(spec, choice["next"], variables=moved, score=new_score)
    return Move(choice=choice, score=new_score, variables=moved, node=by_key[target], via=via)


def resolve(spec: dict, key: str, *, variables: dict[str, int], score: int) -> tuple[str, list[str]]:
    """Follow branches from `key` to a step or an ending; returns its key and the branches passed."""
    by_key = nodes_by_key(spec)
    via: list[str] = []
    while True:
        node = by_key.get(key)
        if node is None:
            raise ScenarioError(f"{key!r} is not a block of this scenario")
        if node["kind"] != "branch":
            return key, via
        if key in via:
            raise ScenarioError(f"branches loop through {via!r}")
        via.append(key)
        key = next(
            (rule["goto"] for rule in node["rules"] if _holds(rule["conditions"], variables, score)), node["otherwise"]
        )


def _holds(conditions: list, variables: dict[str, int], score: int) -> bool:
    for variable, op, value in conditions:
        current = score if variable == SCORE else variables.get(variable, 0)
        if not OPERATORS[op](current, value):
            return False
    return True


def debrief_lines(ending: dict, *, chosen: set[tuple[str, int]], variables: dict[str, int], score: int) -> list[str]:
    """The ending's debrief lines that fit the path: `chosen` holds (step key, choice number from 1) for every
    decision; conditions are read on the variables and score at the end."""
    return [
        line["text"]
        for line in ending.get("lines", [])
        if (not line["step"] or (line["step"], line["choice"]) in chosen)
        and _holds(line["conditions"], variables, score)
    ]


def max_score(spec: dict) -> int:
    """The highest score a learner can reach on a path to an ending that takes no step twice (0 for an empty spec).
    Branches are treated as if any of their ways could be taken, which bounds the true maximum from above."""
    by_key = nodes_by_key(spec)
    start = start_key(spec)
    if start is None:
        return 0
    memo: dict[str, int | None] = {}

    def best(key: str, seen: frozenset[str], acyclic: bool) -> int | None:
        if acyclic and key in memo:
            return memo[key]
        node = by_key.get(key)
        if node is None or key in seen:
            return None
        if node["kind"] == "ending":
            result: int | None = 0
        else:
            inner = seen | {key}
            if node["kind"] == "step":
                options = [(choice["score"], choice["next"]) for choice in node["choices"]]
            else:
                options = [(0, target) for target in _targets(node)]
            values = [gain + rest for gain, target in options if (rest := best(target, inner, acyclic)) is not None]
            result = max(values) if values else None
        if acyclic:
            memo[key] = result
        return result

    edges = {key: [t for t in _targets(node) if t in by_key] for key, node in by_key.items()}
    acyclic = all(len(c) == 1 and c[0] not in edges[c[0]] for c in _strongly_connected(list(by_key), edges))
    return best(start, frozenset(), acyclic) or 0
