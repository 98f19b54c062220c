// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Registrar} from "./Registrar.sol";

/// @title MedRec Audit Anchors
/// @notice Each provider periodically anchors the Merkle root of the newest part of its gatekeeper's audit log: the
/// entries with sequence numbers firstSeq..lastSeq (entryCount of them; sequence numbers may have gaps). A provider's
/// anchors form a chain of ranges: each starts right after the previous one's lastSeq, so no entry can be left out of
/// every anchor, and a rewritten, deleted or reordered entry changes a root that is already on chain.
/// @dev Roots, counts and sequence numbers only: no protected health information. Only an active (registered, not
/// revoked) provider anchors, checked through the Registrar. The event carries every value; storage keeps them too, so
/// a verifier can read one anchor directly (anchorOf) without scanning logs.
contract AuditAnchors {
    struct Anchor {
        bytes32 root;
        uint64 firstSeq;
        uint64 lastSeq;
        uint64 entryCount;
        uint64 blockNumber;
    }

    struct Head {
        uint64 anchorCount;
        uint64 lastSeq;
    }

    Registrar public immutable registrar;

    mapping(address provider => Head) private _heads;
    mapping(address provider => mapping(uint64 index => Anchor)) private _anchors;

    event AuditAnchored(
        address indexed provider,
        uint64 indexed index,
        bytes32 root,
        uint64 firstSeq,
        uint64 lastSeq,
        uint64 entryCount
    );

    error ZeroAddress();
    error NotActiveProvider(address account);
    error EmptyRoot();
    error RangeNotContiguous(uint64 expectedFirstSeq, uint64 firstSeq);
    error InvalidRange(uint64 firstSeq, uint64 lastSeq, uint64 entryCount);
    error AnchorNotFound(address provider, uint64 index);

    constructor(Registrar registrar_) {
        if (address(registrar_) == address(0)) revert ZeroAddress();
        registrar = registrar_;
    }

    /// @notice The calling provider anchors the root over its audit entries firstSeq..lastSeq. firstSeq must follow
    /// the previous anchor's lastSeq (1 for the first anchor); the range holds 1..(lastSeq - firstSeq + 1) entries.
    /// @return index the anchor's position in the provider's chain of anchors (0 for the first).
    function anchor(bytes32 root, uint64 firstSeq, uint64 lastSeq, uint64 entryCount) external returns (uint64 index) {
        if (!registrar.isActiveProvider(msg.sender)) revert NotActiveProvider(msg.sender);
        if (root == bytes32(0)) revert EmptyRoot();
        Head memory head = _heads[msg.sender];
        if (firstSeq != head.lastSeq + 1) revert RangeNotContiguous(head.lastSeq + 1, firstSeq);
        if (lastSeq < firstSeq || entryCount == 0 || entryCount > lastSeq - firstSeq + 1) {
            revert InvalidRange(firstSeq, lastSeq, entryCount);
        }

        index = head.anchorCount;
        _anchors[msg.sender][index] = Anchor(root, firstSeq, lastSeq, entryCount, uint64(block.number));
        _heads[msg.sender] = Head(index + 1, lastSeq);
        emit AuditAnchored(msg.sender, index, root, firstSeq, lastSeq, entryCount);
    }

    /// @notice How many anchors a provider has published and the last sequence number they cover (0 before any).
    function headOf(address provider) external view returns (uint64 anchorCount, uint64 lastSeq) {
        Head memory head = _heads[provider];
        return (head.anchorCount, head.lastSeq);
    }

    /// @notice One anchor of a provider, as published.
    function anchorOf(address provider, uint64 index)
        external
        view
        returns (bytes32 root, uint64 firstSeq, uint64 lastSeq, uint64 entryCount, uint64 blockNumber)
    {
        if (index >= _heads[provider].anchorCount) revert AnchorNotFound(provider, index);
        Anchor memory a = _anchors[provider][index];
        return (a.root, a.firstSeq, a.lastSeq, a.entryCount, a.blockNumber);
    }
}
