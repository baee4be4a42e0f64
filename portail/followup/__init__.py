"""Pure follow-up rules (determinants → SI/SIA/SIR, visits due); importable without Django."""
