"""Loading a unit's SDP (Sistem Database Pemasyarakatan) export: people with their custody or supervision periods,
matched to those already registered (by NIK, then register number) and updated instead of twinned."""
