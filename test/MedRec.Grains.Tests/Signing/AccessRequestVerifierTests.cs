using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Signing;

namespace MedRec.Grains.Tests.Signing;

public sealed class AccessRequestVerifierTests
{
    private readonly FixedTimeProvider _clock = new(SigningSamples.Now);
    private readonly AccessRequestSigner _signer = AccessRequestSigner.CreateRandom();

    private AccessRequestVerifier Verifier(AccessRequestVerifierOptions? options = null) => new(SigningSamples.Domain, _clock, options);

    [Fact]
    public void A_signed_request_verifies_and_yields_its_normalized_form_and_EIP712_hash()
    {
        var request = SigningSamples.ValidRequest(_signer);
        var signed = _signer.Sign(request, SigningSamples.Domain);

        var verified = Verifier().Verify(signed);

        Assert.Equal(request, verified.Request);
        Assert.Equal(new AccessRequestHasher(SigningSamples.Domain).HashHex(request), verified.RequestHash);
        Assert.Matches("^0x[0-9a-f]{64}$", verified.RequestHash);
        Assert.Matches("^0x[0-9a-f]{130}$", signed.Signature);
    }

    [Fact]
    public void A_request_verified_again_gives_the_same_answer_and_what_was_remembered_never_admits_a_changed_request()
    {
        var verifier = Verifier();
        var request = SigningSamples.ValidRequest(_signer);
        var signed = _signer.Sign(request, SigningSamples.Domain);
        var first = verifier.Verify(signed);

        Assert.Equal(first, verifier.Verify(signed));
        var other = AccessRequestSigner.CreateRandom();
        foreach (var changed in new[]
                 {
                     signed with { Request = request with { Asker = other.Address } },
                     signed with { Request = request with { PointerId = "0x" + new string('e', 64) } },
                     _signer.Sign(request, SigningSamples.Domain with { ChainId = SigningSamples.Domain.ChainId + 1 }) with { Request = request },
                 })
        {
            var error = Assert.Throws<AccessRequestRejectedException>(() => verifier.Verify(changed));
            Assert.Equal(AccessRequestRejectionCodes.SignatureMismatch, error.Code);
        }

        // The expiry window is checked on every call, remembered signature or not.
        _clock.Now = DateTimeOffset.FromUnixTimeSeconds((long)request.ExpiresAt);
        Assert.Equal(AccessRequestRejectionCodes.RequestExpired, Assert.Throws<AccessRequestRejectedException>(() => verifier.Verify(signed)).Code);
    }

    [Fact]
    public void The_recovery_memo_forgets_everything_when_full_and_answers_only_what_it_was_told()
    {
        var memo = new RecoveryMemo();
        memo.Add("0x01", "sig", "0xsigner");
        Assert.True(memo.TryGet("0x01", "sig", out var signer));
        Assert.Equal("0xsigner", signer);
        Assert.False(memo.TryGet("0x01", "SIG", out _));
        Assert.False(memo.TryGet("0x02", "sig", out _));

        for (var i = 0; i < RecoveryMemo.Capacity; i++) memo.Add($"0x{i:x}", "other", "0xsomeone");
        Assert.False(memo.TryGet("0x01", "sig", out _));
    }

    [Fact]
    public void Every_action_round_trips()
    {
        foreach (var action in Enum.GetValues<AccessAction>())
        {
            var request = SigningSamples.ValidRequest(_signer) with { Action = action };
            Assert.Equal(action, Verifier().Verify(_signer.Sign(request, SigningSamples.Domain)).Request.Action);
        }
    }

    [Fact]
    public void Every_purpose_round_trips()
    {
        foreach (var purpose in Purposes.All)
        {
            var request = SigningSamples.ValidRequest(_signer) with { Purpose = purpose };
            Assert.Equal(purpose, Verifier().Verify(_signer.Sign(request, SigningSamples.Domain)).Request.Purpose);
        }
    }

    [Fact]
    public void Hex_fields_in_upper_case_verify_and_come_back_lowercase()
    {
        var request = SigningSamples.ValidRequest(_signer);
        var signed = _signer.Sign(request, SigningSamples.Domain);
        var shouted = signed with
        {
            Request = request with
            {
                Asker = "0x" + request.Asker[2..].ToUpperInvariant(),
                Patient = "0X" + request.Patient[2..].ToUpperInvariant(),
                PointerId = request.PointerId.ToUpperInvariant(),
            },
            Signature = "0x" + signed.Signature[2..].ToUpperInvariant(),
        };

        Assert.Equal(request, Verifier().Verify(shouted).Request);
    }

    public static TheoryData<string> Fields => ["asker", "patient", "provider", "pointerId", "action", "purpose", "nonce", "expiresAt"];

    [Theory]
    [MemberData(nameof(Fields))]
    public void A_tampered_field_is_a_signature_mismatch(string field)
    {
        var request = SigningSamples.ValidRequest(_signer);
        var signed = _signer.Sign(request, SigningSamples.Domain);
        var other = AccessRequestSigner.CreateRandom().Address;
        var tampered = field switch
        {
            "asker" => request with { Asker = other },
            "patient" => request with { Patient = other },
            "provider" => request with { Provider = AccessRequest.ZeroAddress },
            "pointerId" => request with { PointerId = AccessRequest.ZeroPointer },
            "action" => request with { Action = AccessAction.ReadAudit },
            "purpose" => request with { Purpose = Purpose.Emergency },
            "nonce" => request with { Nonce = AccessRequestSigner.NewNonce() },
            "expiresAt" => request with { ExpiresAt = request.ExpiresAt - 1 },
            _ => throw new ArgumentOutOfRangeException(nameof(field)),
        };

        AssertRejected(AccessRequestRejectionCodes.SignatureMismatch, signed with { Request = tampered });
    }

    [Fact]
    public void A_signature_by_another_key_for_the_askers_request_is_a_signature_mismatch()
    {
        var request = SigningSamples.ValidRequest(_signer);
        var impostor = AccessRequestSigner.CreateRandom();
        var forged = impostor.Sign(request with { Asker = impostor.Address }, SigningSamples.Domain);

        AssertRejected(AccessRequestRejectionCodes.SignatureMismatch, forged with { Request = request });
    }

    [Fact]
    public void A_signature_for_another_chain_id_is_a_signature_mismatch()
    {
        var request = SigningSamples.ValidRequest(_signer);
        var signed = _signer.Sign(request, SigningSamples.Domain with { ChainId = 1 });

        AssertRejected(AccessRequestRejectionCodes.SignatureMismatch, signed);
    }

    [Fact]
    public void A_signature_for_another_contract_is_a_signature_mismatch()
    {
        var request = SigningSamples.ValidRequest(_signer);
        var signed = _signer.Sign(request, SigningSamples.Domain with { VerifyingContract = "0xe7f1725e7734ce288f8367e1bb143e90bb3f0512" });

        AssertRejected(AccessRequestRejectionCodes.SignatureMismatch, signed);
    }

    [Fact]
    public void A_request_is_expired_from_its_expiry_second_on()
    {
        var signed = _signer.Sign(SigningSamples.ValidRequest(_signer), SigningSamples.Domain);
        var expiry = DateTimeOffset.FromUnixTimeSeconds((long)signed.Request.ExpiresAt);

        _clock.Now = expiry.AddSeconds(-1);
        Verifier().Verify(signed);
        _clock.Now = expiry;
        AssertRejected(AccessRequestRejectionCodes.RequestExpired, signed);
        _clock.Now = expiry.AddDays(1);
        AssertRejected(AccessRequestRejectionCodes.RequestExpired, signed);
    }

    [Fact]
    public void An_expiry_further_ahead_than_the_max_lifetime_is_refused()
    {
        var atLimit = _signer.Sign(_signer.NewRequest(
            SigningSamples.Domain.VerifyingContract, AccessRequest.ZeroAddress, AccessRequest.ZeroPointer, AccessAction.Read,
            Purpose.Treatment, SigningSamples.Now, TimeSpan.FromMinutes(5)), SigningSamples.Domain);
        var beyond = _signer.Sign(atLimit.Request with { ExpiresAt = atLimit.Request.ExpiresAt + 1 }, SigningSamples.Domain);

        Verifier().Verify(atLimit);
        AssertRejected(AccessRequestRejectionCodes.RequestExpiryTooFar, beyond);
        AssertRejected(AccessRequestRejectionCodes.RequestExpiryTooFar, atLimit, Verifier(new() { MaxLifetime = TimeSpan.FromMinutes(1) }));
        Verifier(new() { MaxLifetime = TimeSpan.FromHours(1) }).Verify(beyond);
    }

    public static TheoryData<string> MalformedSignatures()
    {
        var key = AccessRequestSigner.CreateRandom();
        var valid = key.Sign(SigningSamples.ValidRequest(key), SigningSamples.Domain).Signature;
        return
        [
            valid[..^2],                                   // 64 bytes
            valid + "00",                                  // 66 bytes
            "",
            "0x",
            valid[2..] + "1b",                             // no 0x
            "0x" + new string('z', 130),                   // not hex
            valid[..^2] + "1d",                            // v = 29
            "0x" + new string('0', 64) + valid[66..],      // r = 0
            valid[..66] + new string('0', 64) + valid[^2..], // s = 0
        ];
    }

    [Theory]
    [MemberData(nameof(MalformedSignatures))]
    public void A_malformed_signature_is_refused_as_such(string signature)
    {
        var signed = _signer.Sign(SigningSamples.ValidRequest(_signer), SigningSamples.Domain);

        AssertRejected(AccessRequestRejectionCodes.SignatureMalformed, signed with { Signature = signature });
    }

    [Fact]
    public void A_missing_signature_is_malformed()
    {
        var signed = _signer.Sign(SigningSamples.ValidRequest(_signer), SigningSamples.Domain);

        AssertRejected(AccessRequestRejectionCodes.SignatureMalformed, signed with { Signature = null! });
    }

    [Fact]
    public void The_high_s_twin_of_a_valid_signature_is_malformed()
    {
        var signed = _signer.Sign(SigningSamples.ValidRequest(_signer), SigningSamples.Domain);
        var twin = SignatureRecoveryTests.HighSTwin(Convert.FromHexString(signed.Signature.AsSpan(2)));

        AssertRejected(AccessRequestRejectionCodes.SignatureMalformed, signed with { Signature = "0x" + Convert.ToHexStringLower(twin) });
    }

    public static TheoryData<string> MalformedRequests => ["asker", "zero asker", "zero patient", "provider", "pointerId", "nonce", "action", "purpose", "null field"];

    [Theory]
    [MemberData(nameof(MalformedRequests))]
    public void A_malformed_request_is_refused_before_its_signature_is_looked_at(string what)
    {
        var signed = _signer.Sign(SigningSamples.ValidRequest(_signer), SigningSamples.Domain);
        var request = signed.Request;
        var malformed = what switch
        {
            "asker" => request with { Asker = request.Asker[..^2] },
            "zero asker" => request with { Asker = AccessRequest.ZeroAddress },
            "zero patient" => request with { Patient = AccessRequest.ZeroAddress },
            "provider" => request with { Provider = request.Provider[2..] + "00" },
            "pointerId" => request with { PointerId = request.PointerId[..^1] + "g" },
            "nonce" => request with { Nonce = request.Nonce + "00" },
            "action" => request with { Action = (AccessAction)7 },
            "purpose" => request with { Purpose = (Purpose)6 },
            "null field" => request with { Patient = null! },
            _ => throw new ArgumentOutOfRangeException(nameof(what)),
        };

        AssertRejected(AccessRequestRejectionCodes.RequestMalformed, signed with { Request = malformed });
        AssertRejected(AccessRequestRejectionCodes.RequestMalformed, new SignedAccessRequest(null!, signed.Signature));
        AssertRejected(AccessRequestRejectionCodes.RequestMalformed, null!);
    }

    [Fact]
    public void The_rejection_codes_are_stable()
    {
        Assert.Equal(
            ["signature-malformed", "signature-mismatch", "request-expired", "request-expiry-too-far", "request-malformed"],
            [
                AccessRequestRejectionCodes.SignatureMalformed, AccessRequestRejectionCodes.SignatureMismatch,
                AccessRequestRejectionCodes.RequestExpired, AccessRequestRejectionCodes.RequestExpiryTooFar,
                AccessRequestRejectionCodes.RequestMalformed,
            ]);
    }

    [Fact]
    public void The_signer_refuses_a_request_it_is_not_the_asker_of()
    {
        var request = SigningSamples.ValidRequest(AccessRequestSigner.CreateRandom());

        Assert.Throws<ArgumentException>(() => _signer.Sign(request, SigningSamples.Domain));
    }

    [Fact]
    public void Fresh_requests_get_distinct_32_byte_nonces_and_the_asked_expiry()
    {
        var first = SigningSamples.ValidRequest(_signer);
        var second = SigningSamples.ValidRequest(_signer);

        Assert.NotEqual(first.Nonce, second.Nonce);
        Assert.Matches("^0x[0-9a-f]{64}$", first.Nonce);
        Assert.Equal((ulong)SigningSamples.Now.AddMinutes(2).ToUnixTimeSeconds(), first.ExpiresAt);
        Assert.Equal(_signer.Address, first.Asker);
    }

    private void AssertRejected(string code, SignedAccessRequest signed, AccessRequestVerifier? verifier = null)
    {
        var error = Assert.Throws<AccessRequestRejectedException>(() => (verifier ?? Verifier()).Verify(signed));
        Assert.Equal(code, error.Code);
    }
}
