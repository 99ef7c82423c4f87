"""The repository's integration files: CI on GitHub and GitLab, pre-commit, the pull-request
template and CONTRIBUTING.md. They must be valid, run the checks the README promises, and
call `nisdocs` only in ways its argument parser accepts.

Job ids these tests hold the CI files to:
  .github/workflows/check.yml         check, build, test     (pull requests)
  .github/workflows/pages.yml         build, deploy          (push to main)
  .github/workflows/dependencies.yml  newest, lowest         (weekly, on demand, and pull
                                                              requests that change them)
  .github/workflows/preview.yml       build, publish, remove (pull requests: a preview site)
  .gitlab-ci.yml                      check, build, test, pages, newest, lowest, review,
                                      review-stop
"""

from __future__ import annotations

import argparse
import re
import shlex
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import yaml
from conftest import PROJECT, mkdocs_yml
from test_lock import LOCK, PYTHONS, pyproject
from test_project import LOCKED_INSTALL, lock_command, quick_start

CHECK_WORKFLOW = ".github/workflows/check.yml"
PAGES_WORKFLOW = ".github/workflows/pages.yml"
DEPENDENCIES_WORKFLOW = ".github/workflows/dependencies.yml"
PREVIEW_WORKFLOW = ".github/workflows/preview.yml"
GITLAB_CI = ".gitlab-ci.yml"
PRE_COMMIT_CONFIG = ".pre-commit-config.yaml"
PRE_COMMIT_HOOKS = ".pre-commit-hooks.yaml"
PR_TEMPLATE = ".github/pull_request_template.md"
CONTRIBUTING = "CONTRIBUTING.md"

# The major version each action is pinned to.
ACTIONS = {
    "actions/checkout": "v4",
    "actions/setup-python": "v5",
    "actions/cache": "v4",
    "actions/upload-artifact": "v4",
    "actions/download-artifact": "v4",
    "actions/configure-pages": "v5",
    "actions/upload-pages-artifact": "v3",
    "actions/deploy-pages": "v4",
}
MERGE_REQUEST_RULE = '$CI_PIPELINE_SOURCE == "merge_request_event"'
DEFAULT_BRANCH_RULE = "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"
SCHEDULE_RULE = '$CI_PIPELINE_SOURCE == "schedule"'
BY_HAND_RULE = '$CI_PIPELINE_SOURCE == "web"'
# What the newest and lowest jobs run on: the newest Python the lock is for, and the
# lowest pyproject.toml allows.
DEPENDENCY_JOBS = {"newest": "3.13", "lowest": "3.10"}
# The files whose change runs them on a pull or merge request (besides their CI file).
DEPENDENCY_FILES = ["pyproject.toml", "requirements.lock", ".ci/run"]
LOCKED_INSTALL_PARTS = [part.strip() for part in LOCKED_INSTALL.split("&&")]
# The same for contributors: nisdocs editable.
LOCKED_INSTALL_EDITABLE = LOCKED_INSTALL.removesuffix(" .") + " -e ."


# -- reading the files ---------------------------------------------------------------


def load(name: str) -> Any:
    return yaml.safe_load((PROJECT / name).read_text("utf-8"))


def text(name: str) -> str:
    return (PROJECT / name).read_text("utf-8")


def triggers(workflow: dict[Any, Any]) -> dict[str, Any]:
    """A workflow's `on:`, which YAML 1.1 (PyYAML) reads as the key True."""
    on = workflow.get("on", workflow.get(True))
    assert on is not None, "the workflow has no `on:`"
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return dict.fromkeys(on)
    return dict(on)


def command_lines(script: str | list[str] | None) -> list[str]:
    """The commands of a `run:` or `script:`, one per line and per `&&`, comments left out."""
    if script is None:
        return []
    lines = script if isinstance(script, list) else script.splitlines()
    commands = []
    for line in lines:
        for command in line.split("&&"):
            command = command.strip()
            if command and not command.startswith("#"):
                commands.append(command)
    return commands


def steps(job: dict[str, Any]) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = job["steps"]
    return result


def run_commands(job: dict[str, Any]) -> list[str]:
    return [command for step in steps(job) for command in command_lines(step.get("run"))]


def step_using(job: dict[str, Any], action: str) -> dict[str, Any]:
    found = [step for step in steps(job) if str(step.get("uses", "")).split("@")[0] == action]
    assert len(found) == 1, f"expected one step using {action}, found {len(found)}"
    return found[0]


def step_running(job: dict[str, Any], predicate: Callable[[str], bool]) -> dict[str, Any]:
    found = [step for step in steps(job)
             if any(predicate(command) for command in command_lines(step.get("run")))]
    assert len(found) == 1, f"expected one step running that command, found {len(found)}"
    return found[0]


def index_of(job: dict[str, Any], step: dict[str, Any]) -> int:
    return next(i for i, candidate in enumerate(steps(job)) if candidate is step)


def words(command: str) -> list[str]:
    return shlex.split(command)


def readme_commands() -> tuple[list[str], list[str]]:
    """The README's quick start: the build command and the test command, split at `&&`."""
    build, test = quick_start()
    return ([part.strip() for part in build.split("&&")],
            [part.strip() for part in test.split("&&")])


def in_order(commands: list[str], expected: list[str]) -> bool:
    """`expected` appear in `commands`, in this order (others may come between)."""
    remaining = iter(commands)
    return all(any(command == wanted for command in remaining) for wanted in expected)


def pdf_cache_folder() -> str:
    plugins = [entry for entry in mkdocs_yml()["plugins"] if isinstance(entry, dict)]
    options = next(entry["nisdocs"] for entry in plugins if "nisdocs" in entry)
    return str(options["pdf"]["cache"]).rstrip("/")


# -- the nisdocs commands written in these files --------------------------------------


def nisdocs_invocations() -> Iterator[tuple[str, str]]:
    """(file, command) for every `nisdocs ...` command line in the integration files."""
    for name in (CHECK_WORKFLOW, PAGES_WORKFLOW):
        for job in load(name)["jobs"].values():
            for command in run_commands(job):
                yield name, command
    for job_name, job in load(GITLAB_CI).items():
        if isinstance(job, dict) and not job_name.startswith("."):
            for key in ("before_script", "script", "after_script"):
                for command in command_lines(job.get(key)):
                    yield GITLAB_CI, command
    for repo in load(PRE_COMMIT_CONFIG)["repos"]:
        for hook in repo["hooks"]:
            yield PRE_COMMIT_CONFIG, hook["entry"]
    for hook in load(PRE_COMMIT_HOOKS):
        yield PRE_COMMIT_HOOKS, hook["entry"]
    for name in (CONTRIBUTING, PR_TEMPLATE):
        document = text(name)
        for span in re.findall(r"`(nisdocs [^`\n]+)`", document):
            yield name, span
        for block in re.findall(r"```bash\n(.*?)```", document, re.DOTALL):
            for command in command_lines(block):
                yield name, command.split(" #", 1)[0].strip()


NISDOCS_COMMANDS = sorted({(name, command) for name, command in nisdocs_invocations()
                           if words(command)[:1] == ["nisdocs"]})


@pytest.fixture(scope="module")
def parser() -> argparse.ArgumentParser:
    try:
        from nisdocs.cli import build_parser
    except ImportError:
        pytest.fail("nisdocs.cli.build_parser() is missing: the parser of the nisdocs command")
    built: argparse.ArgumentParser = build_parser()
    return built


def test_every_file_calls_nisdocs() -> None:
    files = {name for name, _ in NISDOCS_COMMANDS}
    assert files == {CHECK_WORKFLOW, GITLAB_CI, PRE_COMMIT_CONFIG, PRE_COMMIT_HOOKS,
                     CONTRIBUTING, PR_TEMPLATE}


@pytest.mark.parametrize(("name", "command"), NISDOCS_COMMANDS)
def test_nisdocs_commands_parse(parser: argparse.ArgumentParser, name: str, command: str,
                                capsys: pytest.CaptureFixture[str]) -> None:
    arguments = words(command)[1:]
    try:
        parser.parse_args(arguments)
    except SystemExit as exit_info:
        if exit_info.code != 0 or "--help" not in arguments:  # --help exits 0: fine
            pytest.fail(f"{name}: `{command}` does not parse: {capsys.readouterr().err}")


# -- GitHub: pull requests -------------------------------------------------------------


@pytest.fixture(scope="module")
def check_workflow() -> dict[Any, Any]:
    workflow: dict[Any, Any] = load(CHECK_WORKFLOW)
    return workflow


def test_check_workflow_triggers(check_workflow: dict[Any, Any]) -> None:
    on = triggers(check_workflow)
    assert set(on) == {"pull_request", "workflow_dispatch"}


def test_check_workflow_is_read_only_and_cancels_superseded_runs(
        check_workflow: dict[Any, Any]) -> None:
    assert check_workflow["permissions"] == {"contents": "read"}
    for job_id, job in check_workflow["jobs"].items():
        granted = job.get("permissions", check_workflow["permissions"])
        assert "write" not in granted.values(), f"{job_id} may write: {granted}"
    concurrency = check_workflow["concurrency"]
    assert concurrency["cancel-in-progress"] is True
    assert "github.event.pull_request.number" in concurrency["group"]


def test_check_workflow_jobs(check_workflow: dict[Any, Any]) -> None:
    assert set(check_workflow["jobs"]) == {"check", "build", "test"}


@pytest.mark.parametrize("job_id", ["check", "build", "test"])
def test_check_workflow_jobs_install_the_project(check_workflow: dict[Any, Any],
                                                 job_id: str) -> None:
    job = check_workflow["jobs"][job_id]
    setup = step_using(job, "actions/setup-python")["with"]
    assert str(setup["python-version"]) == "3.11"
    assert setup["cache"] == "pip"
    # setup-python looks for requirements.txt unless told where the dependencies are: the
    # pip cache is kept under the lock's hash.
    assert setup["cache-dependency-path"] == LOCK
    assert_installs_the_lock(job)


def assert_installs_the_lock(job: dict[str, Any]) -> None:
    """The job installs as the README's quick start does, in one step, after setup-python."""
    install = step_running(job, lambda command: command == LOCKED_INSTALL_PARTS[0])
    assert command_lines(install["run"]) == LOCKED_INSTALL_PARTS
    assert index_of(job, step_using(job, "actions/setup-python")) < index_of(job, install)


def test_check_job_annotates_the_changed_documents(check_workflow: dict[Any, Any]) -> None:
    job = check_workflow["jobs"]["check"]
    assert step_using(job, "actions/checkout")["with"]["fetch-depth"] == 0
    step = step_running(job, lambda command: "--changed-since" in command)
    assert step.get("if", "github.event_name == 'pull_request'") == (
        "github.event_name == 'pull_request'")
    (command,) = command_lines(step["run"])
    arguments = words(command)
    assert arguments[:2] == ["nisdocs", "check"]
    assert arguments[arguments.index("--format") + 1] == "github"
    ref = arguments[arguments.index("--changed-since") + 1]
    assert ref.startswith("origin/")
    base = ref.removeprefix("origin/")
    variable = re.fullmatch(r"\$\{?(\w+)\}?", base)
    if variable:  # the base branch through the environment
        base = step["env"][variable.group(1)]
    assert re.fullmatch(r"\$\{\{\s*github\.base_ref\s*\}\}", base), base
    install = step_running(job, lambda command: command.startswith("pip install"))
    assert index_of(job, install) < index_of(job, step)


def test_build_job_builds_strictly_with_the_pdf_cache(check_workflow: dict[Any, Any]) -> None:
    assert_strict_build_with_pdf_cache(check_workflow["jobs"]["build"])


def assert_strict_build_with_pdf_cache(job: dict[str, Any]) -> dict[str, Any]:
    readme_build, _ = readme_commands()
    build = step_running(job, lambda command: command.startswith(readme_build[-1]))
    (command,) = command_lines(build["run"])
    assert "--strict" in words(command)
    cache = step_using(job, "actions/cache")
    assert str(cache["with"]["path"]).rstrip("/") == pdf_cache_folder()
    key = cache["with"]["key"]
    assert "hashFiles(" in key and "guidelines/**" in key and "nisdocs/**" in key
    assert key.startswith(cache["with"]["restore-keys"].strip())
    assert index_of(job, cache) < index_of(job, build)
    return build


def test_test_job_runs_the_readme_test_command(check_workflow: dict[Any, Any]) -> None:
    _, test_command = readme_commands()
    assert in_order(run_commands(check_workflow["jobs"]["test"]), test_command)


def test_actions_are_pinned_to_major_versions() -> None:
    for name in (CHECK_WORKFLOW, PAGES_WORKFLOW, DEPENDENCIES_WORKFLOW, PREVIEW_WORKFLOW):
        for job_id, job in load(name)["jobs"].items():
            for step in steps(job):
                if "uses" in step:
                    action, _, version = step["uses"].partition("@")
                    assert ACTIONS.get(action) == version, f"{name} {job_id}: {step['uses']}"


# -- GitHub: the ends of the dependencies' ranges ------------------------------------------


@pytest.fixture(scope="module")
def dependencies_workflow() -> dict[Any, Any]:
    workflow: dict[Any, Any] = load(DEPENDENCIES_WORKFLOW)
    return workflow


def test_dependency_jobs_run_on_the_ends_of_the_supported_pythons() -> None:
    assert DEPENDENCY_JOBS["lowest"] == PYTHONS[0]
    assert pyproject()["project"]["requires-python"] == f">={PYTHONS[0]}"
    assert DEPENDENCY_JOBS["newest"] == PYTHONS[-1]


def test_dependencies_workflow_triggers(dependencies_workflow: dict[Any, Any]) -> None:
    on = triggers(dependencies_workflow)
    assert set(on) == {"schedule", "workflow_dispatch", "pull_request"}
    ((cron,),) = [list(entry.values()) for entry in on["schedule"]]
    minute, hour, day, month, weekday = cron.split()
    assert (day, month) == ("*", "*") and re.fullmatch(r"[0-6]", weekday), f"not weekly: {cron}"
    assert re.fullmatch(r"\d+", minute) and re.fullmatch(r"\d+", hour), cron
    assert on["pull_request"]["paths"] == [*DEPENDENCY_FILES, DEPENDENCIES_WORKFLOW]
    assert dependencies_workflow["permissions"] == {"contents": "read"}
    assert dependencies_workflow["concurrency"]["cancel-in-progress"] is True


@pytest.mark.parametrize("job_id", list(DEPENDENCY_JOBS))
def test_dependencies_workflow_runs_ci_with_each_end(dependencies_workflow: dict[Any, Any],
                                                     job_id: str) -> None:
    assert set(dependencies_workflow["jobs"]) == set(DEPENDENCY_JOBS)
    job = dependencies_workflow["jobs"][job_id]
    assert "permissions" not in job
    setup = step_using(job, "actions/setup-python")
    assert str(setup["with"]["python-version"]) == DEPENDENCY_JOBS[job_id]
    run = step_running(job, lambda command: command == ".ci/run")
    assert command_lines(run["run"]) == [".ci/run"]
    assert run["env"] == {"NISDOCS_DEPS": job_id}
    assert (index_of(job, step_using(job, "actions/checkout")) < index_of(job, setup)
            < index_of(job, run))
    upload = step_using(job, "actions/upload-artifact")
    assert upload["if"] == "always()" and upload["with"]["path"] == "test-results/"


# -- GitHub: Pages -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def pages_workflow() -> dict[Any, Any]:
    workflow: dict[Any, Any] = load(PAGES_WORKFLOW)
    return workflow


def test_pages_workflow_runs_on_main_only(pages_workflow: dict[Any, Any]) -> None:
    on = triggers(pages_workflow)
    assert set(on) == {"push", "workflow_dispatch"}
    assert on["push"]["branches"] == ["main"]
    assert pages_workflow["concurrency"]["group"] == "pages"
    assert pages_workflow["concurrency"].get("cancel-in-progress", False) is False


def test_pages_workflow_builds_the_site(pages_workflow: dict[Any, Any]) -> None:
    job = pages_workflow["jobs"]["build"]
    step_using(job, "actions/configure-pages")
    assert step_using(job, "actions/setup-python")["with"]["cache-dependency-path"] == LOCK
    assert_installs_the_lock(job)
    build = assert_strict_build_with_pdf_cache(job)
    upload = step_using(job, "actions/upload-pages-artifact")
    assert upload["with"]["path"] == mkdocs_yml()["site_dir"]
    # The PDFs link to the address the site is deployed at, not to the GitLab one.
    pages = step_using(job, "actions/configure-pages")
    assert build["env"]["NISDOCS_SITE_URL"] == "${{ steps." + pages["id"] + ".outputs.base_url }}/"
    assert index_of(job, build) < index_of(job, upload)


def test_pages_workflow_deploys_with_least_privilege(pages_workflow: dict[Any, Any]) -> None:
    jobs = pages_workflow["jobs"]
    deployers = [job_id for job_id, job in jobs.items()
                 if any(str(step.get("uses", "")).startswith("actions/deploy-pages@")
                        for step in steps(job))]
    assert deployers == ["deploy"]
    deploy = jobs["deploy"]
    assert deploy["needs"] in ("build", ["build"])
    assert deploy["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    step = step_using(deploy, "actions/deploy-pages")
    assert deploy["environment"]["url"] == "${{ steps." + step["id"] + ".outputs.page_url }}"
    assert pages_workflow["permissions"] == {"contents": "read"}
    for job_id, job in jobs.items():
        if job_id != "deploy":
            granted = job.get("permissions", pages_workflow["permissions"])
            assert "write" not in granted.values(), f"{job_id} may write: {granted}"


# -- GitLab ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def gitlab() -> dict[str, Any]:
    config: dict[str, Any] = load(GITLAB_CI)
    return config


def rules(job: dict[str, Any]) -> list[str]:
    return [rule["if"] for rule in job["rules"]]


def test_gitlab_stages_and_jobs(gitlab: dict[str, Any]) -> None:
    assert gitlab["stages"] == ["check", "build", "test", "deploy"]
    jobs = {name: job for name, job in gitlab.items()
            if isinstance(job, dict) and "script" in job and not name.startswith(".")}
    assert {name: job["stage"] for name, job in jobs.items()} == {
        "check": "check", "build": "build", "test": "test", "pages": "deploy",
        "newest": "test", "lowest": "test", "review": "deploy", "review-stop": "deploy"}
    image = gitlab.get("default", {}).get("image", gitlab.get("image"))
    assert re.fullmatch(r"python:3\.11(-slim)?(-bookworm)?", image), image


def test_gitlab_check_reports_code_quality_on_merge_requests(gitlab: dict[str, Any]) -> None:
    job = gitlab["check"]
    assert rules(job) == [MERGE_REQUEST_RULE]
    assert str(job["variables"]["GIT_DEPTH"]) == "0"
    script = command_lines(job["script"])
    (check,) = [command for command in script if words(command)[:2] == ["nisdocs", "check"]]
    arguments = words(check)
    assert arguments[arguments.index("--changed-since") + 1] == (
        "origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME")
    assert arguments[arguments.index("--format") + 1] == "gitlab"
    report = arguments[arguments.index("--output") + 1]
    assert job["artifacts"]["reports"]["codequality"] == report
    assert job["artifacts"]["when"] == "always"
    fetches = [i for i, command in enumerate(script) if command.startswith("git fetch")
               and "$CI_MERGE_REQUEST_TARGET_BRANCH_NAME" in command
               and "refs/remotes/origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME" in command]
    assert fetches and fetches[0] < script.index(check), "the target branch is not fetched"


def test_gitlab_build_is_strict_and_cached(gitlab: dict[str, Any]) -> None:
    job = gitlab["build"]
    assert rules(job) == [MERGE_REQUEST_RULE, DEFAULT_BRANCH_RULE]
    readme_build, _ = readme_commands()
    (build,) = [command for command in command_lines(job["script"])
                if command.startswith(readme_build[-1])]
    arguments = words(build)
    assert "--strict" in arguments
    assert arguments[arguments.index("--site-dir") + 1] == "public"
    assert "public" in job["artifacts"]["paths"]
    cache = job["cache"] if isinstance(job["cache"], list) else [job["cache"]]
    cached = {path.rstrip("/") for entry in cache for path in entry["paths"]}
    assert pdf_cache_folder() in cached
    assert gitlab["variables"]["PIP_CACHE_DIR"].replace("$CI_PROJECT_DIR/", "") in cached


def test_gitlab_test_runs_the_readme_test_command(gitlab: dict[str, Any]) -> None:
    job = gitlab["test"]
    assert rules(job) == [MERGE_REQUEST_RULE, DEFAULT_BRANCH_RULE]
    _, test_command = readme_commands()
    assert in_order(command_lines(job["script"]), test_command)
    apt = [command for command in command_lines(job["script"]) if "apt-get install" in command]
    assert apt and {"chromium", "nginx-light"} <= set(words(apt[0]))


@pytest.mark.parametrize("job_name", ["check", "build", "test"])
def test_gitlab_jobs_install_the_lock(gitlab: dict[str, Any], job_name: str) -> None:
    assert in_order(command_lines(gitlab[job_name]["script"]), LOCKED_INSTALL_PARTS)
    # The pip cache is kept under the lock's hash.
    assert gitlab[".pip-cache"]["key"]["files"] == [LOCK]


def test_nothing_installs_around_the_lock() -> None:
    """Every `pip install` of the CI files is the quick start's (the lock, then nisdocs
    alone): none installs an unlocked dependency. Only `.ci/run` does, when asked to."""
    commands = [(name, command) for name in (CHECK_WORKFLOW, PAGES_WORKFLOW, DEPENDENCIES_WORKFLOW,
                                             PREVIEW_WORKFLOW)
                for job in load(name)["jobs"].values() for command in run_commands(job)]
    commands += [(GITLAB_CI, command) for job_name, job in load(GITLAB_CI).items()
                 if isinstance(job, dict) for key in ("before_script", "script", "after_script")
                 for command in command_lines(job.get(key))]
    installs = [(name, command) for name, command in commands if "pip install" in command]
    assert installs, "no CI file installs anything"
    assert [(name, command) for name, command in installs
            if command not in LOCKED_INSTALL_PARTS] == []


def test_gitlab_pages_publishes_public_from_the_default_branch(gitlab: dict[str, Any]) -> None:
    job = gitlab["pages"]
    assert rules(job) == [DEFAULT_BRANCH_RULE]
    assert job["artifacts"]["paths"] == ["public"]
    needs = {need["job"]: need.get("artifacts", True) for need in job["needs"]}
    # The site comes from the build job's public/, and is published only once tests pass.
    assert needs.get("build") is True
    assert "test" in needs
    assert set(rules(gitlab["build"])) >= set(rules(job))


@pytest.mark.parametrize("job_name", list(DEPENDENCY_JOBS))
def test_gitlab_runs_ci_with_each_end(gitlab: dict[str, Any], job_name: str) -> None:
    job = gitlab[job_name]
    assert job["image"] == f"python:{DEPENDENCY_JOBS[job_name]}-bookworm"
    assert job["variables"] == {"NISDOCS_DEPS": job_name}
    assert command_lines(job["script"]) == [".ci/run"]
    assert job["needs"] == []
    assert job["artifacts"]["paths"] == ["test-results/"]
    assert rules(job) == [SCHEDULE_RULE, BY_HAND_RULE, MERGE_REQUEST_RULE]
    (on_merge_requests,) = [rule for rule in job["rules"] if rule["if"] == MERGE_REQUEST_RULE]
    assert on_merge_requests["changes"] == [*DEPENDENCY_FILES, GITLAB_CI]


# -- previews of pull and merge requests -------------------------------------------------

REVIEW_VARIABLES = ("NISDOCS_REVIEW_BASE", "NISDOCS_SITE_URL")


def test_the_review_variable_is_the_one_settings_reads() -> None:
    from nisdocs.settings import REVIEW_VARIABLE
    assert REVIEW_VARIABLES[0] == REVIEW_VARIABLE


def test_gitlab_review_app_on_merge_requests(gitlab: dict[str, Any]) -> None:
    """A merge request's preview: built with the page of what it changes, published as a
    Pages parallel deployment under a prefix of its own, in an environment that has the
    deployment's URL and a stop job, and that ends with the request."""
    job = gitlab["review"]
    assert rules(job) == [MERGE_REQUEST_RULE]
    variables = job["variables"]
    assert variables["NISDOCS_REVIEW_BASE"] == "origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME"
    assert str(variables["GIT_DEPTH"]) == "0"
    # The site's URL is the deployment's ($CI_PAGES_URL includes the path prefix).
    assert variables["NISDOCS_SITE_URL"] == "$CI_PAGES_URL/"
    script = command_lines(job["script"])
    assert in_order(script, LOCKED_INSTALL_PARTS)
    (build,) = [command for command in script if command.startswith("mkdocs build")]
    arguments = words(build)
    assert "--strict" in arguments
    assert arguments[arguments.index("--site-dir") + 1] == "public"
    assert job["artifacts"]["paths"] == ["public"]
    fetches = [i for i, command in enumerate(script) if command.startswith("git fetch")
               and "refs/remotes/origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME" in command]
    assert fetches and fetches[0] < script.index(build), "the target branch is not fetched"
    # A parallel deployment of its own, which expires.
    pages = job["pages"]
    assert "$CI_MERGE_REQUEST_IID" in pages["path_prefix"]
    assert pages["path_prefix"] != "" and re.fullmatch(r"\d+ (day|week)s?", pages["expire_in"])
    # The environment: one per merge request, at the deployment's address, with a stop.
    environment = job["environment"]
    assert environment["name"].startswith("review/")
    assert "$CI_MERGE_REQUEST_IID" in environment["name"]
    assert environment["url"].startswith(variables["NISDOCS_SITE_URL"].rstrip("/"))
    assert environment["url"].removeprefix("$CI_PAGES_URL/") in ("", "review/")
    assert environment["auto_stop_in"] == pages["expire_in"]
    stop = gitlab[environment["on_stop"]]
    assert stop["environment"] == {"name": environment["name"], "action": "stop"}
    assert stop["stage"] == job["stage"]
    # GitLab runs the stop job of a merge request pipeline when the request is merged or
    # closed, if its rules match the deploying job's; by hand otherwise.
    assert [rule["if"] for rule in stop["rules"]] == rules(job)
    assert {rule.get("when") for rule in stop["rules"]} == {"manual"}
    assert stop["variables"]["GIT_STRATEGY"] == "none"
    assert stop.get("allow_failure") is True


def test_only_the_review_and_pages_jobs_publish(gitlab: dict[str, Any]) -> None:
    publishing = sorted(name for name, job in gitlab.items()
                        if isinstance(job, dict) and ("pages" in job or name == "pages"))
    assert publishing == ["pages", "review"]
    # Only the default branch's pages job publishes without a prefix.
    assert "pages" not in gitlab["pages"]


@pytest.fixture(scope="module")
def preview_workflow() -> dict[Any, Any]:
    workflow: dict[Any, Any] = load(PREVIEW_WORKFLOW)
    return workflow


def test_preview_workflow_runs_on_pull_requests_until_they_close(
        preview_workflow: dict[Any, Any]) -> None:
    on = triggers(preview_workflow)
    assert set(on) == {"pull_request"}
    assert set(on["pull_request"]["types"]) == {"opened", "synchronize", "reopened", "closed"}
    assert preview_workflow["permissions"] == {"contents": "read"}
    assert set(preview_workflow["jobs"]) == {"build", "publish", "remove"}
    assert "github.event.pull_request.number" in preview_workflow["concurrency"]["group"]


def test_preview_is_built_with_the_review_base(preview_workflow: dict[Any, Any]) -> None:
    job = preview_workflow["jobs"]["build"]
    assert job["if"] == "github.event.action != 'closed'"
    # Runs the pull request's code: it may read only.
    assert "write" not in job["permissions"].values()
    assert step_using(job, "actions/checkout")["with"]["fetch-depth"] == 0
    assert step_using(job, "actions/setup-python")["with"]["cache-dependency-path"] == LOCK
    assert_installs_the_lock(job)
    build = assert_strict_build_with_pdf_cache(job)
    assert build["env"]["NISDOCS_REVIEW_BASE"] == "origin/${{ github.base_ref }}"
    # The site's URL is the preview's: the Pages address, previews/pr-<number>/.
    address = next(step for step in steps(job) if step.get("id") == "address")
    assert build["env"]["NISDOCS_SITE_URL"] == "${{ steps.address.outputs.url }}"
    assert job["outputs"]["url"] == "${{ steps.address.outputs.url }}"
    (command,) = command_lines(address["run"])
    assert command == 'echo "url=$BASE_URL/previews/pr-$NUMBER/" >> "$GITHUB_OUTPUT"'
    assert address["env"]["NUMBER"] == "${{ github.event.pull_request.number }}"
    pages = step_using(job, "actions/configure-pages")
    assert address["env"]["BASE_URL"] == "${{ steps." + pages["id"] + ".outputs.base_url }}"
    upload = step_using(job, "actions/upload-artifact")
    assert upload["with"]["path"] == mkdocs_yml()["site_dir"]
    assert index_of(job, address) < index_of(job, build) < index_of(job, upload)
    # The address is posted where reviewers see it.
    assert any("$GITHUB_STEP_SUMMARY" in command for command in run_commands(job))


def test_preview_is_published_to_its_own_folder_of_a_preview_branch(
        preview_workflow: dict[Any, Any]) -> None:
    job = preview_workflow["jobs"]["publish"]
    assert job["needs"] in ("build", ["build"])
    assert job["if"] == "github.event.pull_request.head.repo.full_name == github.repository"
    assert job["permissions"] == {"contents": "write", "actions": "write"}
    environment = job["environment"]
    assert environment["name"] == "preview/pr-${{ github.event.pull_request.number }}"
    assert environment["url"] == "${{ needs.build.outputs.url }}review/"
    step_using(job, "actions/download-artifact")
    commands = run_commands(job)
    assert_pushes_only_the_preview_branch(commands)
    assert 'rm -rf "pr-$NUMBER"' in commands and 'git add -A "pr-$NUMBER"' in commands
    assert 'gh workflow run pages.yml --ref "$DEFAULT_BRANCH"' in commands
    assert any("$GITHUB_STEP_SUMMARY" in command for command in commands)


def test_preview_is_removed_when_the_pull_request_closes(
        preview_workflow: dict[Any, Any]) -> None:
    job = preview_workflow["jobs"]["remove"]
    assert job["if"].startswith("github.event.action == 'closed'")
    assert job["permissions"] == {"contents": "write", "actions": "write",
                                  "deployments": "write"}
    commands = run_commands(job)
    assert_pushes_only_the_preview_branch(commands)
    assert 'git rm -rq --ignore-unmatch "pr-$NUMBER"' in commands
    assert any('gh workflow run pages.yml --ref "$DEFAULT_BRANCH"' in command
               for command in commands)
    assert any("state=inactive" in command for command in commands)


def assert_pushes_only_the_preview_branch(commands: list[str]) -> None:
    """Build output never goes into git on main: every push is to the previews branch, and
    only over the branch as it was read (previews of other pull requests are kept)."""
    pushes = [words(command[command.index("git push"):].split(";")[0])
              for command in commands if "git push" in command]
    assert pushes, "nothing is pushed"
    for push in pushes:
        assert push[-1].endswith(":refs/heads/previews"), push
        assert "--force-with-lease=refs/heads/previews:$base" in push, push
        assert "--force" not in push and "-f" not in push, push


def test_only_the_preview_publishing_jobs_may_write(preview_workflow: dict[Any, Any]) -> None:
    for job_id, job in preview_workflow["jobs"].items():
        granted = job.get("permissions", preview_workflow["permissions"])
        writes = {scope for scope, level in granted.items() if level == "write"}
        assert job_id in ("publish", "remove") or not writes, f"{job_id} may write: {writes}"


def test_pages_serves_the_previews_branch(pages_workflow: dict[Any, Any]) -> None:
    job = pages_workflow["jobs"]["build"]
    step = step_running(job, lambda command: "origin previews" in command)
    script = "\n".join(command_lines(step["run"]))
    assert "site/previews" in script and "git archive FETCH_HEAD" in script
    build = step_running(job, lambda command: command.startswith("mkdocs build"))
    upload = step_using(job, "actions/upload-pages-artifact")
    assert index_of(job, build) < index_of(job, step) < index_of(job, upload)
    # pages.yml is started by the preview workflow, which its token allows only by hand.
    assert "workflow_dispatch" in triggers(pages_workflow)


# -- pre-commit ---------------------------------------------------------------------------


def test_pre_commit_says_to_install_the_lock() -> None:
    assert f"`{LOCKED_INSTALL_EDITABLE}`" in text(PRE_COMMIT_CONFIG)


def test_pre_commit_runs_nisdocs_check() -> None:
    hooks = {hook["id"]: (repo["repo"], hook) for repo in load(PRE_COMMIT_CONFIG)["repos"]
             for hook in repo["hooks"]}
    repo, hook = hooks["nisdocs-check"]
    assert repo == "local"
    assert (hook["entry"], hook["language"], hook["pass_filenames"]) == (
        "nisdocs check", "system", False)
    assert_hook_files(hook, ["guidelines/ncg-0003/index.md", "mkdocs.yml"],
                      ["nisdocs/cli.py", "docs/mkdocs.yml", "README.md"])


def test_pre_commit_hook_for_other_repositories() -> None:
    (hook,) = load(PRE_COMMIT_HOOKS)
    assert hook["id"] == "nisdocs-check"
    assert (hook["entry"], hook["language"], hook["pass_filenames"]) == (
        "nisdocs check", "python", False)
    assert_hook_files(hook, ["guidelines/ncg-0003/index.fr.md"], ["docs/index.md"])


def assert_hook_files(hook: dict[str, Any], matching: list[str], others: list[str]) -> None:
    pattern = re.compile(hook["files"])  # pre-commit matches with re.search
    assert [path for path in matching if not pattern.search(path)] == []
    assert [path for path in others if pattern.search(path)] == []


# -- documents for contributors -------------------------------------------------------------


def test_pull_request_template_checklist() -> None:
    template = text(PR_TEMPLATE)
    for term in ("`nisdocs check`", "version_note", "source_version", "status", "original"):
        assert term in template, term
    assert len(re.findall(r"^- \[ \]", template, re.MULTILINE)) >= 5
    # GitLab offers the same checklist on merge requests (its default template).
    assert text(".gitlab/merge_request_templates/Default.md") == template


def test_contributing_guide() -> None:
    guide = text(CONTRIBUTING)
    for term in ("`nisdocs check`", LOCKED_INSTALL_EDITABLE, "nisdocs serve",
                 "nisdocs serve --language fr", "NISDOCS_PDF=true nisdocs serve",
                 "pre-commit install", "ruff", "mypy",
                 "NISDOCS_DEPS=lowest .ci/run", "NISDOCS_DEPS=newest .ci/run"):
        assert term in guide, term
    assert re.findall(r"```bash\n(.+?)\n```", guide).count(lock_command()) == 1
    for page in ("editors", "translators", "release"):
        assert f"](docs/contributing/{page}.md)" in guide, page
    for job in ("check", "build", "test", *DEPENDENCY_JOBS, "review"):
        assert f"| `{job}` |" in guide, job
    assert f"| `{' && '.join(readme_commands()[1])}` |" in guide
    for job, python in DEPENDENCY_JOBS.items():
        assert f"| `NISDOCS_DEPS={job} .ci/run` (Python {python}) |" in guide, job


def test_contributing_links_resolve() -> None:
    """Relative links lead to files of the repository (the contributors' guides on the site
    are written separately: they must exist once both land)."""
    guide = text(CONTRIBUTING)
    missing = [target for target in re.findall(r"\]\(([^)#:]+)\)", text(CONTRIBUTING))
               if not (PROJECT / target).exists()]
    assert guide and missing == []

