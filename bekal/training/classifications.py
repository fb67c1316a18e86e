"""A small reference list of Indonesia's two labour classifications, shipped as data: the 21 sections of KBLI 2020
(Klasifikasi Baku Lapangan Usaha Indonesia, BPS) and the 10 major groups of KBJI 2014 (Klasifikasi Baku Jabatan
Indonesia, BPS, after ISCO-08). Only the top level of each: enough to put demand beside supply; the full codes
(5-digit KBLI, 4-digit KBJI) are not shipped (README "Industry demand")."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kbli(models.TextChoices):
    """A KBLI 2020 section (one letter)."""

    A = "A", _("A · Agriculture, forestry and fishing")
    B = "B", _("B · Mining and quarrying")
    C = "C", _("C · Manufacturing")
    D = "D", _("D · Electricity, gas, steam and air conditioning supply")
    E = "E", _("E · Water supply, sewerage, waste management and remediation")
    F = "F", _("F · Construction")
    G = "G", _("G · Wholesale and retail trade; repair of motor vehicles and motorcycles")
    H = "H", _("H · Transportation and storage")
    I = "I", _("I · Accommodation and food service activities")  # noqa: E741 - the section's letter
    J = "J", _("J · Information and communication")
    K = "K", _("K · Financial and insurance activities")
    L = "L", _("L · Real estate activities")
    M = "M", _("M · Professional, scientific and technical activities")
    N = "N", _("N · Administrative and support service activities")
    O = "O", _("O · Public administration and defence; compulsory social security")  # noqa: E741
    P = "P", _("P · Education")
    Q = "Q", _("Q · Human health and social work activities")
    R = "R", _("R · Arts, entertainment and recreation")
    S = "S", _("S · Other service activities")
    T = "T", _("T · Activities of households as employers")
    U = "U", _("U · Activities of extraterritorial organisations and bodies")


class Kbji(models.TextChoices):
    """A KBJI 2014 major group (one digit)."""

    ARMED_FORCES = "0", _("0 · Armed forces and police")
    MANAGERS = "1", _("1 · Managers")
    PROFESSIONALS = "2", _("2 · Professionals")
    TECHNICIANS = "3", _("3 · Technicians and associate professionals")
    CLERICAL = "4", _("4 · Clerical support workers")
    SERVICE_SALES = "5", _("5 · Service and sales workers")
    AGRICULTURE = "6", _("6 · Skilled agricultural, forestry and fishery workers")
    CRAFT = "7", _("7 · Craft and related trades workers")
    OPERATORS = "8", _("8 · Plant and machine operators and assemblers")
    ELEMENTARY = "9", _("9 · Elementary occupations")
