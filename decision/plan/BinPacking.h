#pragma once

// Containers packed onto priced nodes (MIGRATION.md §3 "Recommendation for cloudcost"):
//  1. for each candidate node shape (PlacementIndex::nodeShapes), first-fit decreasing by
//     dominant share (items sorted by max(cpu/cap, mem/cap) descending), each item going to the
//     open node it fills most (MostAllocated / best fit), a new node when none has room;
//  2. the cheapest outcome wins ("lowest cost per packed capacity" measured by packing);
//  3. a Karpenter-style consolidation pass: delete a node whose items fit elsewhere, then
//     replace each node by the cheapest candidate shape that still holds its items;
//  4. failover nodes (N+1 by default) of the largest shape in use.
// Usable capacity of a node = (capacity − reservation) × target utilisation (80 % by default).
// The fluid lower bound (Σ demand ÷ usable capacity per dimension, rounded up) is reported beside
// the result so users see the packing gap.

#include "decision/plan/Placement.h"

#include <cstddef>
#include <string>
#include <vector>

namespace cloudcost::decision::plan {

struct PackItem
{
    std::string name;
    double vcpus = 0;
    double memoryGib = 0;
};

struct PackingOptions
{
    // Keep nodes at or below this share of their (reserved-adjusted) capacity. Default 0.80:
    // MIGRATION.md §3 (Azure AVS sizing "not above 80 % utilisation"; kubev2v "80 % target
    // capacity").
    double targetUtilisation = 0.80;
    // Per-node system reservation (kube-reserved, DaemonSets, eviction threshold). No published
    // default in the shared docs: 0 unless the caller sets it.
    double reservedVcpusPerNode = 0;
    double reservedMemoryGibPerNode = 0;
    // Items per node; 0 = no limit. (kubev2v caps at 200 VMs per worker, MIGRATION.md §2.4.)
    std::size_t maxItemsPerNode = 0;
    // Failover nodes = max(minFailoverNodes, ceil(failoverFraction × work nodes)). Default N+1
    // (MIGRATION.md §3); kubev2v uses 10 % with at least 2 (fraction 0.10, minimum 2).
    std::size_t minFailoverNodes = 1;
    double failoverFraction = 0.0;
    bool consolidate = true;
};

struct PackedNode
{
    std::size_t shape = 0;          // index into PackingResult::shapes
    std::vector<std::size_t> items; // indices into the input items
    double usedVcpus = 0;
    double usedMemoryGib = 0;
    bool failover = false;
};

struct ShapeTrial
{
    std::string instanceType;
    std::size_t nodes = 0;
    double hourly = 0;
    bool feasible = false; // every placeable item fits this shape
};

struct PackingResult
{
    std::vector<Candidate> shapes;  // the candidate node shapes considered
    std::vector<ShapeTrial> trials; // FFD outcome for each shape, before consolidation
    std::size_t chosenShape = 0;    // the shape whose FFD was cheapest
    std::vector<PackedNode> nodes;  // work nodes then failover nodes
    std::size_t workNodes = 0;
    std::size_t failoverNodes = 0;
    double hourly = 0;     // Σ effective hourly of all nodes, failover included
    double workHourly = 0; // Σ over work nodes only
    // Fluid lower bound for the chosen shape: max over vCPU, memory (and items when capped) of
    // ceil(Σ demand ÷ usable capacity), and the cost bound over all shapes: max over dimensions
    // of Σ demand × the lowest price per usable unit of that dimension.
    std::size_t fluidLowerBoundNodes = 0;
    double fluidLowerBoundHourly = 0;
    std::size_t consolidationDeleted = 0;
    std::size_t consolidationReplaced = 0;
    std::vector<std::size_t> unplaced; // items larger than every candidate's usable capacity
    std::vector<std::string> notes;
    // Cost borne by each item: hourly of its node × the item's share of the dominant shares on
    // that node, failover cost spread pro rata (so that Σ over items = hourly). 0 when unplaced.
    std::vector<double> itemHourly;
};

// Packs items onto nodes of the given shapes (all in one currency). Deterministic: equal inputs
// give equal outputs. An item that fits no shape is listed in unplaced (never dropped).
PackingResult packContainers(const std::vector<PackItem>& items,
                             const std::vector<Candidate>& shapes,
                             const PackingOptions& options = {});

} // namespace cloudcost::decision::plan
