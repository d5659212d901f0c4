"""The scenario engine: a scenario page's blocks as a plain "spec", the trainer's rules checked on it, and the moves a
learner makes through it. Pure functions over dicts, so an attempt can keep the spec it started with.

A spec is `{"variables": [...], "nodes": [...]}`; each node is a step (`choices` with `id`, `text`, `feedback`,
`score`, `effects` as `[variable, change]` pairs and `next`), a branch (`rules` of `conditions` `[variable, operator,
value]` and `goto`, then `otherwise`) or an ending (`outcome`, `title`, `debrief`). The first step starts the
scenario. Variables stay between their minimum and maximum after every choice; "score" may be tested by branches.
"""

from __future__ import annotations

import operator
import uuid
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.html import strip_tags
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


def build_spec(*, variables: Iterable, steps: Iterable, key_by: str = "key") -> dict:
    """Turn the `variables` and `steps` StreamField values of a scenario page into a spec.

    Choices and branches name their target by the target block's stream id (a key typed before targets were picked
    still resolves). With `key_by="key"` (what an attempt keeps) nodes are known by the trainer's key; with
    `key_by="id"` (the editor's map and validation) by their block id, so a blank or repeated key cannot merge two
    blocks, and `name` keeps the key for messages."""
    blocks_list = list(steps)
    by_id: dict[str, str] = {}
    by_name: dict[str, str] = {}
    for position, block in enumerate(blocks_list):
        name = (block.value.get("key") or "") if block.value is not None else ""
        node_key = name if key_by == "key" else (block.id or f"#{position}")
        if block.id:
            by_id.setdefault(block.id, node_key)
        if name:
            by_name.setdefault(name, node_key)

    def target(raw) -> str:
        raw = raw or ""
        return by_id.get(raw) or by_name.get(raw) or raw

    spec_variables = [
        {
            "key": block.value.get("key") or "",
            "label": block.value.get("label") or "",
            "initial": _int(block.value.get("initial"), 0),
            "minimum": _int(block.value.get("minimum"), 0),
            "maximum": _int(block.value.get("maximum"), 100),
            "better": block.value.get("better") or "higher",
        }
        for block in variables
    ]
    nodes = []
    for position, block in enumerate(blocks_list):
        value = block.value
        name = value.get("key") or ""
        common = {"key": name if key_by == "key" else (block.id or f"#{position}")}
        if key_by == "id":
            common.update(name=name, position=position + 1)
        if block.block_type == "step":
            nodes.append(
                {
                    "kind": "step",
                    **common,
                    "clock": value.get("clock") or "",
                    "situation": _rich_text_source(value.get("situation")),
                    "posts": [dict(post) for post in value.get("posts") or []],
                    "choices": [_choice(child, target) for child in _list_children(value.get("choices"))],
                }
            )
        elif block.block_type == "branch":
            nodes.append(
                {
                    "kind": "branch",
                    **common,
                    "rules": [
                        {
                            "conditions": [
                                [
                                    condition.get("variable") or "",
                                    condition.get("operator") or ">=",
                                    _int(condition.get("value"), 0),
                                ]
                                for condition in rule.get("conditions") or []
                            ],
                            "goto": target(rule.get("goto")),
                        }
                        for rule in value.get("rules") or []
                    ],
                    "otherwise": target(value.get("otherwise")),
                }
            )
        elif block.block_type == "ending":
            nodes.append(
                {
                    "kind": "ending",
                    **common,
                    "outcome": value.get("outcome") or "mixed",
                    "title": value.get("title") or "",
                    "debrief": _rich_text_source(value.get("debrief")),
                    "lines": [_debrief_line(line) for _id, line in _list_children(value.get("lines"))],
                }
            )
    return {"variables": spec_variables, "nodes": nodes}


def link_targets(raw_steps: list[dict]) -> list[dict]:
    """Raw `steps` stream data with an id on every block and each target typed as a key replaced by the id of the
    block with that key (the first, if two share it). Targets that name no block are left as they are, for
    validation to report. For content built in code (demo loader) that names targets by key."""
    linked = []
    for block in raw_steps:
        block = {**block, "value": dict(block.get("value") or {})}
        block.setdefault("id", str(uuid.uuid4()))
        block["id"] = block["id"] or str(uuid.uuid4())
        linked.append(block)
    ids = {block["id"] for block in linked}
    by_key: dict[str, str] = {}
    for block in linked:
        by_key.setdefault(block["value"].get("key") or "", block["id"])

    def target(raw):
        return raw if raw in ids else by_key.get(raw, raw)

    for block in linked:
        value = block["value"]
        if block.get("type") == "step":
            value["choices"] = [_link_choice(item, target) for item in value.get("choices") or []]
        elif block.get("type") == "branch":
            value["rules"] = [{**rule, "goto": target(rule.get("goto"))} for rule in value.get("rules") or []]
            value["otherwise"] = target(value.get("otherwise"))
    return linked


def _link_choice(item: dict, target) -> dict:
    # a ListBlock item is stored as {"type": "item", "value": {...}, "id": ...}; older content as the plain value
    if "type" in item and "value" in item and isinstance(item["value"], dict):
        return {**item, "value": {**item["value"], "next": target(item["value"].get("next"))}}
    return {**item, "next": target(item.get("next"))}


def _int(value, default: int) -> int:
    """A number field's value; the editor's map reads unsaved form input, where a number may still be text."""
    if value is None or value == "":
        return default
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _debrief_line(value) -> dict:
    return {
        "step": value.get("step") or "",
        "choice": value.get("choice") or None,
        "conditions": [
            [c.get("variable") or "", c.get("operator") or ">=", _int(c.get("value"), 0)]
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


def _choice(child, target) -> dict:
    choice_id, value = child
    return {
        "id": choice_id,
        "text": value.get("text") or "",
        "feedback": value.get("feedback") or "",
        "score": _int(value.get("score"), 0),
        "effects": [
            [effect.get("variable") or "", _int(effect.get("change"), 0)] for effect in value.get("effects") or []
        ],
        "next": target(value.get("next")),
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


def name_of(node: dict) -> str:
    """The trainer's key of a node, whichever way the spec knows its nodes."""
    return node.get("name", node["key"])


def describe(node: dict) -> str:
    """“Step “H1”” / “Branch “ROUTE”” / “Ending “GOOD””: how messages name a block (by its position while it has no
    key yet)."""
    name = name_of(node)
    if not name:
        position = node.get("position", "?")
        if node["kind"] == "step":
            return _("The step at position %(n)s") % {"n": position}
        if node["kind"] == "branch":
            return _("The branch at position %(n)s") % {"n": position}
        return _("The ending at position %(n)s") % {"n": position}
    if node["kind"] == "step":
        return _("Step “%(key)s”") % {"key": name}
    if node["kind"] == "branch":
        return _("Branch “%(key)s”") % {"key": name}
    return _("Ending “%(key)s”") % {"key": name}


def _targets(node: dict) -> list[str]:
    if node["kind"] == "step":
        return [choice["next"] for choice in node["choices"]]
    if node["kind"] == "branch":
        return [rule["goto"] for rule in node["rules"]] + [node["otherwise"]]
    return []


def _quoted(keys: Iterable[str]) -> str:
    return ", ".join(f"“{key}”" for key in keys)


# --- The trainer's rules ---------------------------------------------------------------------------------------------


@dataclass
class GraphFacts:
    """What the shape of a scenario says, node by node: reached from the first step or not, able to reach an ending
    or not, caught in a loop with no way out, or in a loop of branches alone (keys as the spec knows them)."""

    start: str | None
    edges: dict[str, list[str]]
    reachable: set[str]
    can_end: set[str]
    trapped_loops: dict[str, list[str]]
    branch_loops: dict[str, list[str]]

    def dead_end(self, key: str) -> bool:
        """Cannot reach an ending, and not because it is caught in a loop (which is reported as such)."""
        return key not in self.can_end and key not in self.trapped_loops


def graph_facts(spec: dict) -> GraphFacts:
    """Reachability, dead ends and loops of the spec's graph; targets that name no block are left out."""
    by_key = nodes_by_key(spec)
    start = start_key(spec)
    edges = {key: [target for target in _targets(node) if target in by_key] for key, node in by_key.items()}
    reachable = _reachable([start], edges) if start is not None else set()
    reverse: dict[str, list[str]] = {key: [] for key in by_key}
    for key, targets in edges.items():
        for target in targets:
            reverse[target].append(key)
    can_end = _reachable([key for key, node in by_key.items() if node["kind"] == "ending"], reverse)
    trapped = [key for key in by_key if key not in can_end]
    loops = [c for c in _strongly_connected(trapped, edges) if len(c) > 1 or c[0] in edges[c[0]]]
    branch_edges = {
        key: [target for target in targets if by_key[target]["kind"] == "branch"]
        for key, targets in edges.items()
        if by_key[key]["kind"] == "branch"
    }
    branch_loops = [
        c for c in _strongly_connected(list(branch_edges), branch_edges) if len(c) > 1 or c[0] in branch_edges[c[0]]
    ]
    return GraphFacts(
        start=start,
        edges=edges,
        reachable=reachable,
        can_end=can_end,
        trapped_loops={key: component for component in loops for key in component},
        branch_loops={key: component for component in branch_loops for key in component},
    )


def validate_spec(spec: dict) -> list[Problem]:
    """Every rule a scenario must follow, each broken one as a Problem naming its block (and its choice or rule):
    keys given and unique, texts, feedback, titles and debriefs written, targets picked and existing, every block
    reachable from the first step, every block able to reach an ending, no loop without a way out (and no loop of
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
    names: set[str] = set()
    for index, node in enumerate(nodes):
        name = name_of(node)
        if not name:
            problems.append(
                Problem(
                    _("%(what)s needs a key, e.g. H1, for the map and the reports.") % {"what": describe(node)}, index
                )
            )
        elif name in names:
            problems.append(
                Problem(
                    _(
                        "%(what)s uses a key that an earlier block already has: give each step, branch and ending its own key."
                    )
                    % {"what": describe(node)},
                    index,
                )
            )
        names.add(name)
        if by_key[node["key"]] is node:
            problems.extend(_node_problems(node, index, by_key, declared))

    facts = graph_facts(spec)
    if facts.start is None:
        return problems
    start = name_of(by_key[facts.start])
    for index, node in enumerate(nodes):
        key = node["key"]
        if by_key[key] is not node:
            continue
        what = describe(node)
        if key not in facts.reachable:
            problems.append(
                Problem(
                    _("%(what)s cannot be reached from the first step “%(start)s”.") % {"what": what, "start": start},
                    index,
                )
            )
        if key in facts.trapped_loops:
            problems.append(
                Problem(
                    _("%(what)s is part of a loop with no way out to an ending (%(keys)s).")
                    % {"what": what, "keys": _quoted(_in_block_order(facts.trapped_loops[key], nodes))},
                    index,
                )
            )
        elif key not in facts.can_end:
            problems.append(Problem(_("%(what)s cannot reach an ending.") % {"what": what}, index))
        if key in facts.branch_loops:
            problems.append(
                Problem(
                    _(
                        "%(what)s leads back to itself through branches alone (%(keys)s), so a learner could go round for ever."
                    )
                    % {"what": what, "keys": _quoted(_in_block_order(facts.branch_loops[key], nodes))},
                    index,
                )
            )
    return problems


def is_blank(text: str) -> bool:
    """True for text with nothing a learner would read (an emptied rich text editor leaves tags behind)."""
    return not strip_tags(text or "").strip()


def _node_problems(node: dict, index: int, by_key: dict[str, dict], declared: set[str]) -> list[Problem]:
    what = describe(node)
    problems = []
    undeclared_effect = _("%(where)s changes “%(variable)s”, which is not a declared variable.")
    undeclared_test = _("%(where)s tests “%(variable)s”, which is not a declared variable.")
    if node["kind"] == "step":
        for number, choice in enumerate(node["choices"], start=1):
            where = _("%(what)s, choice %(number)s") % {"what": what, "number": number}
            if is_blank(choice["text"]):
                problems.append(Problem(_("%(where)s has no text.") % {"where": where}, index))
            if is_blank(choice["feedback"]):
                problems.append(
                    Problem(_("%(where)s has no feedback: say why it works or not.") % {"where": where}, index)
                )
            if message := _target_problem(where, choice["next"], by_key):
                problems.append(Problem(message, index))
            for variable, _change in choice["effects"]:
                if variable not in declared:
                    problems.append(Problem(undeclared_effect % {"where": where, "variable": variable}, index))
    elif node["kind"] == "branch":
        for number, rule in enumerate(node["rules"], start=1):
            where = _("%(what)s, rule %(number)s") % {"what": what, "number": number}
            if message := _target_problem(where, rule["goto"], by_key):
                problems.append(Problem(message, index))
            for variable, _operator, _value in rule["conditions"]:
                if variable not in declared and variable != SCORE:
                    problems.append(Problem(undeclared_test % {"where": where, "variable": variable}, index))
        if message := _target_problem(_("%(what)s, otherwise,") % {"what": what}, node["otherwise"], by_key):
            problems.append(Problem(message, index))
    elif node["kind"] == "ending":
        if is_blank(node["title"]):
            problems.append(Problem(_("%(what)s has no title.") % {"what": what}, index))
        if is_blank(node["debrief"]):
            problems.append(
                Problem(_("%(what)s has no debrief: say what happened and what to take away.") % {"what": what}, index)
            )
        # debrief lines name a step by its key, whichever way the spec knows its nodes
        by_name: dict[str, dict] = {}
        for candidate in by_key.values():
            by_name.setdefault(name_of(candidate), candidate)
        for number, line in enumerate(node.get("lines", []), start=1):
            where = _("%(what)s, debrief line %(number)s") % {"what": what, "number": number}
            step = by_name.get(line["step"]) if line["step"] else None
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


def _target_problem(where: str, target: str, by_key: dict[str, dict]) -> str | None:
    if target in by_key:
        return None
    if not target:
        return _("%(where)s leads nowhere yet: pick the step, branch or ending it leads to.") % {"where": where}
    if _is_block_id(target):
        return _("%(where)s leads to a block that was deleted: pick another step, branch or ending.") % {"where": where}
    return _("%(where)s leads to “%(target)s”, which is not a step, branch or ending of this scenario.") % {
        "where": where,
        "target": target,
    }


def _is_block_id(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


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
    """The trainer's keys of `keys`, in the order of the blocks."""
    order = {node["key"]: index for index, node in reversed(list(enumerate(nodes)))}
    by_key = nodes_by_key({"nodes": nodes})
    return [name_of(by_key[key]) for key in sorted(keys, key=lambda key: order[key])]


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
    return take_choice(spec, choice=find_choice(node, choice_id), variables=variables, score=score)


def take_choice(spec: dict, *, choice: dict, variables: dict[str, int], score: int) -> Move:
    """Apply one choice of a step: its score, its effects (kept within bounds) and the branches after it."""
    by_key = nodes_by_key(spec)
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


# A cyclic story's longest way on is found by walking its simple paths, which can grow exponentially with the loops;
# past this many visits the walk stops and the bound below stands in for the longest way.
DECISIONS_WALK_BUDGET = 5_000


def decisions_left(spec: dict, key: str) -> tuple[int, int] | None:
    """The fewest and the most decisions from `key` to an ending, `key`'s own included when it is a step, on paths that
    take no node twice; None when no ending can be reached. Branches count every way out, as in `max_score`, so the
    range bounds what the learner can meet.

    Linear on a story without loops. With loops the walk over simple paths is cut off after `DECISIONS_WALK_BUDGET`
    visits; then the fewest is the shortest way (a shortest way never takes a node twice, so it is exact) and the most
    is the number of steps still reachable, a true upper bound ("up to" stays truthful)."""
    by_key = nodes_by_key(spec)
    edges = {k: [t for t in _targets(node) if t in by_key] for k, node in by_key.items()}
    acyclic = all(len(c) == 1 and c[0] not in edges[c[0]] for c in _strongly_connected(list(by_key), edges))
    memo: dict[str, tuple[int, int] | None] = {}
    visits = 0

    class _OutOfBudget(Exception):
        pass

    def walk(at: str, seen: frozenset[str]) -> tuple[int, int] | None:
        nonlocal visits
        if acyclic and at in memo:
            return memo[at]
        visits += 1
        if not acyclic and visits > DECISIONS_WALK_BUDGET:
            raise _OutOfBudget
        node = by_key.get(at)
        if node is None or at in seen:
            return None
        if node["kind"] == "ending":
            result: tuple[int, int] | None = (0, 0)
        else:
            own = 1 if node["kind"] == "step" else 0
            ranges = [found for target in edges[at] if (found := walk(target, seen | {at})) is not None]
            result = (own + min(r[0] for r in ranges), own + max(r[1] for r in ranges)) if ranges else None
        if acyclic:
            memo[at] = result
        return result

    try:
        return walk(key, frozenset())
    except _OutOfBudget:
        return _decisions_left_bounded(by_key, edges, key)


def _decisions_left_bounded(by_key: dict, edges: dict[str, list[str]], key: str) -> tuple[int, int] | None:
    """`decisions_left` for a story too loopy to walk: the shortest way to an ending (0-1 breadth first: a step costs
    one decision, a branch none) and the steps reachable from `key` that can still reach an ending."""
    if key not in by_key:
        return None
    reverse: dict[str, list[str]] = {k: [] for k in by_key}
    for source, targets in edges.items():
        for target in targets:
            reverse[target].append(source)
    # Nodes from which an ending can be reached, and from `key`, the nodes on some way to an ending.
    to_ending = {k for k, node in by_key.items() if node["kind"] == "ending"}
    queue = deque(to_ending)
    while queue:
        for source in reverse[queue.popleft()]:
            if source not in to_ending:
                to_ending.add(source)
                queue.append(source)
    if key not in to_ending:
        return None
    cost = {key: 0}
    queue = deque([key])
    fewest = None
    while queue:
        at = queue.popleft()
        node = by_key[at]
        if node["kind"] == "ending":
            fewest = cost[at] if fewest is None else min(fewest, cost[at])
            continue
        own = 1 if node["kind"] == "step" else 0
        for target in edges[at]:
            if target in to_ending and cost[at] + own < cost.get(target, cost[at] + own + 1):
                cost[target] = cost[at] + own
                (queue.appendleft if own == 0 else queue.append)(target)
    most = sum(1 for k in cost if by_key[k]["kind"] == "step")
    return fewest, max(most, fewest)


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
