package io.benchmarkhub.api.auth;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Invitations for sign-up in INVITE mode (benchmarkhub.accounts.sign-up). */
@RestController
@Tag(name = "Admin")
class InvitationController {

    private final OneTimeTokens tokens;

    public InvitationController(OneTimeTokens tokens) {
        this.tokens = tokens;
    }

    @PostMapping("/api/admin/invitations")
    @Operation(
            summary =
                    "Create a one-time sign-up invitation (admin only); pass its token as inviteToken to POST /api/auth/signup")
    public ResponseEntity<OneTimeTokens.Issued> invite() {
        return ResponseEntity.status(HttpStatus.CREATED)
                .header("Cache-Control", "no-store")
                .body(tokens.invite());
    }
}
