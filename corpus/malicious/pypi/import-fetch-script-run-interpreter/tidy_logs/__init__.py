from tidy_logs import updater
from tidy_logs.format import tidy
