"""Quantities as edgeAgent reads them (KubernetesClient ResourceQuantity), container resource names as the
API server validates them."""

from decimal import Decimal

import pytest

from edgelint.k8s.quantity import (
    container_resource_name_problem,
    format_bytes,
    format_cpu,
    is_extended_resource,
    overcommit_allowed,
    parse_quantity,
)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("128Mi", Decimal(128 * 2**20)),
        ("2Gi", Decimal(2 * 2**30)),
        ("1Ki", Decimal(1024)),
        ("0.5", Decimal("0.5")),
        ("500m", Decimal("0.5")),
        ("1e3", Decimal(1000)),
        ("1E3", Decimal(1000)),
        ("2e-3", Decimal("0.002")),
        ("1E", Decimal(10**18)),
        ("500M", Decimal(500 * 10**6)),
        ("10k", Decimal(10000)),
        ("100n", Decimal("0.0000001")),
        ("+1", Decimal(1)),
        (".5", Decimal("0.5")),
        ("1.", Decimal(1)),
        ("-1", Decimal(-1)),
        (2, Decimal(2)),
        (0.25, Decimal("0.25")),
        # read by the agent's parser, sent to Kubernetes in canonical form
        ("1 ", Decimal(1)),
        (" 1", Decimal(1)),
        ("1 Gi", Decimal(2**30)),
        ("1,000", Decimal(1000)),
        ("1,5", Decimal(15)),
        ("1-", Decimal(-1)),
        ("1/2Gi", Decimal(2**29)),
        ("1/2/3", Decimal("0.5")),
        ("1e 3", Decimal(1000)),
        ("1e+3", Decimal(1000)),
        ("9Ei", Decimal(2**63 - 1)),
    ],
)
def test_quantities_the_agent_reads(text, value):
    assert parse_quantity(text) == value


@pytest.mark.parametrize(
    "text",
    [
        "1.5.2",
        "10MB",
        "1K",
        "1ki",
        "",
        "1e",
        "1Ki2",
        "Gi",
        ".",
        "1mi",
        "0x10",
        True,
        False,
        None,
        "-1-",
        "- 1",
        "1/0",
        "1.5/2",
        ",5",
        "1i",
    ],
)
def test_quantities_the_agent_throws_for(text):
    assert parse_quantity(text) is None


@pytest.mark.parametrize(
    ("name", "extended", "overcommit"),
    [
        ("cpu", False, True),
        ("memory", False, True),
        ("hugepages-2Mi", False, False),
        ("nvidia.com/gpu", True, False),
        ("microsoft.com/fpga_catapult", True, False),
        ("hardware-vendor.example/foo", True, False),
        ("kubernetes.io/foo", False, True),
        ("requests.example.com/x", False, False),
    ],
)
def test_extended_resources(name, extended, overcommit):
    assert is_extended_resource(name) is extended
    assert overcommit_allowed(name) is overcommit


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("cpu", None),
        ("ephemeral-storage", None),
        ("hugepages-1Gi", None),
        ("nvidia.com/gpu", None),
        ("kubernetes.io/foo", None),
        (
            "gpu",
            "is not a standard container resource (cpu, memory, ephemeral-storage, hugepages-<size>) and has no domain",
        ),
        (
            "Memory",
            "is not a standard container resource (cpu, memory, ephemeral-storage, hugepages-<size>) and has no domain",
        ),
        ("Nvidia.com/gpu", "is not a valid resource name"),
        ("nvidia.com/", "is not a valid resource name"),
        ("nvidia.com/-gpu", "is not a valid resource name"),
        ("example.com/" + "g" * 64, "is not a valid resource name"),
        ("requests.example.com/gpu", "does not follow the extended resource name standard"),
    ],
)
def test_container_resource_names(name, problem):
    assert container_resource_name_problem(name) == problem


@pytest.mark.parametrize(
    ("count", "text"),
    [(2 * 2**30, "2Gi"), (512 * 2**20, "512Mi"), (1536 * 2**20, "1536Mi"), (1000, "1000"), (1024, "1Ki")],
)
def test_format_bytes(count, text):
    assert format_bytes(count) == text


@pytest.mark.parametrize(("cores", "text"), [(Decimal(2), "2"), (Decimal("1.5"), "1500m"), (Decimal("0.25"), "250m")])
def test_format_cpu(cores, text):
    assert format_cpu(cores) == text
    assert parse_quantity(text) == cores
