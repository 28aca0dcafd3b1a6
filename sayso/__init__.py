"""SaySo: an open benchmark for *who claimed what* in news."""

__version__ = "0.1.0"
DATASET_NAME = "sayso"
DATASET_VERSION = "0.1"
