"""Files in and out: invitations (propose, guess, apply), contacts import, transfer, exports."""
