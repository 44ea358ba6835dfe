"""What a job on the board is: `cards` (JobCards: a job as the user sees it), `fields` (salary, place, mode read
from the ad), `index` (JobIndex: the board's ads read into our index), `roles` and `taxonomy` (role families,
levels, service lines, qualifications), `qualification_status` (qualified, part-qualified, QBE, study support,
training contract, read from the ad), `salary_estimate` (SalaryEstimates: the board's going rate for an ad that
states no salary)."""
