"""Profiling report."""
import pandas as pd


def _column_summary(series: pd.Series) -> dict:
    summary = {
        "dtype": str(series.dtype),
        "missing": int(series.isna().sum()),
        "unique": int(series.nunique(dropna=True)),
    }
    if pd.api.types.is_numeric_dtype(series):
        desc = series.describe()
        summary.update(mean=float(desc["mean"]), std=float(desc["std"]),
                       min=float(desc["min"]), max=float(desc["max"]))
    else:
        top = series.value_counts(dropna=True).head(3)
        summary["top"] = {str(k): int(v) for k, v in top.items()}
    return summary


def profile(df: pd.DataFrame) -> pd.DataFrame:
    """Return one row per column with dtype, missing count, uniques and stats."""
    rows = {name: _column_summary(df[name]) for name in df.columns}
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "column"
    return out
